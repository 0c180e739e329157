// The conversation's disappearing-messages timer: shows the setting both sides agreed on (the latest change in
// the conversation) and changes it for both with a message they both see.
import { useLiveQuery } from 'dexie-react-hooks';
import type { PeerId } from '../../../shared/identity/peer-id';
import { describeTimer, DISAPPEARING_PRESETS } from '../../../shared/messaging/disappearing-timer';
import { useAppStore } from '../state/use-app-store';
import { TimerIcon } from './TimerIcon';

/** The conversation's timer in seconds (0: off), live from the archive. */
const useDisappearingTimer = (conversation: string): number => {
  const archive = useAppStore((state) => state.archive);
  return useLiveQuery(() => archive?.timers.get(conversation), [archive, conversation])?.seconds ?? 0;
};

/** The header's reminder that messages here disappear, and after how long. */
export const DisappearingTimerBadge = ({ conversation }: { readonly conversation: string }) => {
  const seconds = useDisappearingTimer(conversation);
  return seconds === 0 ? null : (
    <span
      className="badge disappearing"
      data-testid="disappearing-badge"
      title="Disappearing messages are on"
    >
      <TimerIcon /> {describeTimer(seconds)}
    </span>
  );
};

export const DisappearingTimerSelect = (props: {
  readonly peer: PeerId;
  readonly conversation: string;
  /** Only an accepted contact can be sent the change. */
  readonly enabled: boolean;
}) => {
  const setTimer = useAppStore((state) => state.setDisappearingTimer);
  const seconds = useDisappearingTimer(props.conversation);
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
