// Disappearing messages: a timer per conversation that both peers agree on through the protocol. A change is a
// `timer` message in the conversation, seen by both sides; the setting in force is the one of the latest timer
// message in conversation order (compareMessages), so two changes made at once settle on the same value on both
// sides whatever order they arrive in. Each text sent while a timer is set carries its own expiry (`expiresAt`),
// after which every archive deletes it and no peer stores it.
import type { PeerId } from '../identity/peer-id';
import { compareMessages, type Message, type MessageId } from './message-format';

/** The choices the app offers; the protocol accepts any whole number of seconds up to the maximum. */
export const DISAPPEARING_PRESETS: readonly { readonly seconds: number; readonly label: string }[] = [
  { seconds: 0, label: 'Off' },
  { seconds: 30, label: '30 seconds' },
  { seconds: 5 * 60, label: '5 minutes' },
  { seconds: 60 * 60, label: '1 hour' },
  { seconds: 8 * 60 * 60, label: '8 hours' },
  { seconds: 86_400, label: '1 day' },
  { seconds: 7 * 86_400, label: '1 week' },
  { seconds: 28 * 86_400, label: '4 weeks' },
];

/** The setting in force in a conversation, with the place of the timer message that set it. */
export interface TimerSetting {
  readonly conversation: string;
  readonly seconds: number;
  readonly sentAt: number;
  readonly from: PeerId;
  readonly seq: number;
  readonly id: MessageId;
}

/**
 * The setting after `message` is stored beside `current`: a timer message later in conversation order replaces
 * it; anything else (another type, or a timer change that arrives after a newer one) leaves it as it was.
 */
export const laterTimer = (current: TimerSetting | undefined, message: Message): TimerSetting | undefined => {
  if (message.t !== 'timer' || (current !== undefined && compareMessages(current, message) >= 0)) {
    return current;
  }
  const { conversation, sentAt, from, seq, id } = message;
  return { conversation, seconds: message.body.seconds, sentAt, from, seq, id };
};

/** When a text sent at `now` under a timer of `seconds` expires; undefined when no timer is set. */
export const expiryFor = (now: number, seconds: number): number | undefined =>
  seconds > 0 ? now + seconds * 1000 : undefined;

/** "1 day", "90 seconds": the timer in words, for the conversation's notices. */
export const describeTimer = (seconds: number): string => {
  const preset = DISAPPEARING_PRESETS.find((choice) => choice.seconds === seconds);
  if (preset) {
    return preset.label;
  }
  const units: readonly [number, string][] = [
    [86_400, 'day'],
    [3600, 'hour'],
    [60, 'minute'],
    [1, 'second'],
  ];
  const [size, unit] = units.find(([size]) => seconds % size === 0) ?? [1, 'second'];
  const count = seconds / size;
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
};

/** The setting in a sentence, for previews: "Disappearing messages set to 1 day". */
export const timerNotice = (seconds: number): string =>
  seconds === 0
    ? 'Disappearing messages turned off'
    : `Disappearing messages set to ${describeTimer(seconds)}`;
