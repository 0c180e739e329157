// Muting a conversation from its settings: for a while or until turned back on; while muted, when it ends and a
// way to end it now. What muting does is conversation-mute.ts.
import type { PeerId } from '../../../shared/identity/peer-id';
import { timeInRange } from '../../../shared/messaging/message-format';
import { isMuted, MUTED_FOREVER } from '../archive/conversation-mute';
import { useAppStore } from '../state/use-app-store';
import { useClock } from './clock-context';
import { useExpiryNow } from './use-expiry-now';

const HOUR_MS = 3_600_000;
const DURATIONS: readonly { readonly label: string; readonly ms: number }[] = [
  { label: 'For 1 hour', ms: HOUR_MS },
  { label: 'For 8 hours', ms: 8 * HOUR_MS },
  { label: 'For 1 day', ms: 24 * HOUR_MS },
  { label: 'For 1 week', ms: 7 * 24 * HOUR_MS },
  { label: 'Until I turn it back on', ms: MUTED_FOREVER },
];
const untilFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export const MuteSetting = (props: { readonly peer: PeerId; readonly mutedUntil: number | undefined }) => {
  const setMute = useAppStore((state) => state.setConversationMute);
  const clock = useClock();
  // Shown as unmuted the moment a mute runs out.
  const now = useExpiryNow([props.mutedUntil], clock);
  if (props.mutedUntil !== undefined && isMuted(props.mutedUntil, now)) {
    return (
      <div className="settings-row">
        <span data-testid="muted-until">
          {props.mutedUntil === MUTED_FOREVER
            ? 'Muted until you turn it back on'
            : `Muted until ${untilFormat.format(timeInRange(props.mutedUntil))}`}
        </span>
        <button className="secondary" onClick={() => void setMute(props.peer, null)}>
          Unmute
        </button>
      </div>
    );
  }
  return (
    <label className="settings-row">
      Mute notifications
      <select
        aria-label="Mute notifications"
        value=""
        onChange={(event) => {
          const duration = DURATIONS[Number(event.target.value)];
          if (duration) {
            void setMute(
              props.peer,
              duration.ms === MUTED_FOREVER ? MUTED_FOREVER : clock.now() + duration.ms,
            );
          }
        }}
      >
        <option value="">Off</option>
        {DURATIONS.map((duration, index) => (
          <option key={duration.label} value={String(index)}>
            {duration.label}
          </option>
        ))}
      </select>
    </label>
  );
};
