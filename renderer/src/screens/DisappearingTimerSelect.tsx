// The conversation's disappearing-messages timer: shows the setting both sides agreed on (the latest change in
// the conversation) and changes it for both with a message they both see.
import { useLiveQuery } from 'dexie-react-hooks';
import type { PeerId } from '../../../shared/identity/peer-id';
import { describeTimer, DISAPPEARING_PRESETS } from '../../../shared/messaging/disappearing-timer';
import { useAppStore } from '../state/use-app-store';

export const DisappearingTimerSelect = (props: {
  readonly peer: PeerId;
  readonly conversation: string;
  /** Only an accepted contact can be sent the change. */
  readonly enabled: boolean;
}) => {
  const archive = useAppStore((state) => state.archive);
  const setTimer = useAppStore((state) => state.setDisappearingTimer);
  const seconds =
    useLiveQuery(() => archive?.timers.get(props.conversation), [archive, props.conversation])?.seconds ?? 0;
  // A value set elsewhere (another client) that is not a preset still shows as it is.
  const choices = DISAPPEARING_PRESETS.some((choice) => choice.seconds === seconds)
    ? DISAPPEARING_PRESETS
    : [...DISAPPEARING_PRESETS, { seconds, label: describeTimer(seconds) }];
  const hint = `disappearing-hint-${props.peer}`;
  return (
    <div className="stack">
      <label className="stack">
        Disappearing messages
        <select
          data-testid="disappearing-timer"
          aria-describedby={hint}
          value={String(seconds)}
          disabled={!props.enabled}
          onChange={(event) => void setTimer(props.peer, Number(event.target.value))}
        >
          {choices.map((choice) => (
            <option key={choice.seconds} value={String(choice.seconds)}>
              {choice.label}
            </option>
          ))}
        </select>
      </label>
      <p id={hint} className="muted small">
        New messages from either of you disappear from both devices this long after they are sent.
      </p>
    </div>
  );
};
