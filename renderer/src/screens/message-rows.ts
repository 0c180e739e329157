// Display helpers for the message list: the day a message starts (for the separators) and its time.
import { timeInRange } from '../../../shared/messaging/message-format';
const dayFormat = new Intl.DateTimeFormat(undefined, {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

const startOfDay = (at: number): number => {
  const day = new Date(timeInRange(at));
  day.setHours(0, 0, 0, 0);
  return day.getTime();
};

/** "Today", "Yesterday", or the full date, for the separator above the first message of a day. */
export const dayLabel = (at: number, now: number): string => {
  const days = Math.round((startOfDay(now) - startOfDay(at)) / 86_400_000);
  if (days === 0) {
    return 'Today';
  }
  if (days === 1) {
    return 'Yesterday';
  }
  return dayFormat.format(timeInRange(at));
};

/** For each message, the day label if it is the first of its day in the list, else undefined. */
export const daySeparators = (sentAts: readonly number[], now: number): (string | undefined)[] =>
  sentAts.map((at, index) => {
    const previous = sentAts[index - 1];
    return previous !== undefined && startOfDay(previous) === startOfDay(at) ? undefined : dayLabel(at, now);
  });

export const timeLabel = (at: number): string => timeFormat.format(timeInRange(at));
