// How a peer is named in the UI: the name they introduced themselves with, else the start of their peer ID; and
// the initials their avatar shows.
import type { PeerId } from '../../../shared/identity/peer-id';
import { timeInRange } from '../../../shared/messaging/message-format';

export const contactName = (peer: PeerId, displayName?: string): string =>
  displayName ?? `${peer.slice(0, 12)}…`;

/** Up to two letters: the first of the first and last words, by grapheme (so accents and emoji stay whole). */
export const initials = (name: string): string => {
  const words = name.trim().split(/\s+/u).filter(Boolean);
  const first = (word: string | undefined) =>
    word ? ([...new Intl.Segmenter().segment(word)][0]?.segment ?? '') : '';
  const letters = words.length > 1 ? first(words[0]) + first(words.at(-1)) : first(words[0]);
  return letters.toLocaleUpperCase() || '?';
};

/** A stable hue per peer, so an avatar keeps its colour everywhere. */
export const avatarHue = (peer: PeerId): number => {
  let hash = 7;
  for (let at = 0; at < peer.length; at += 1) {
    hash = (hash * 31 + peer.charCodeAt(at)) % 360;
  }
  return hash;
};

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dateFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });

/** A list's time column: the time today, the date before. */
export const listTime = (time: number, now: number): string => {
  const at = timeInRange(time);
  return new Date(at).toDateString() === new Date(now).toDateString()
    ? timeFormat.format(at)
    : dateFormat.format(at);
};
