// The composer's formatting keys, as chat apps have them: Ctrl (Cmd on macOS) with B for bold, I for italic, E for
// code, and Shift+X for strikethrough. Each puts the markers text-format.ts reads around the selection (or an empty
// pair around the caret), or takes them away when they are already there.

/** The marker a key press asks for, if it is one of the formatting keys. */
export const formatMarkerFor = (
  event: Pick<KeyboardEvent, 'key' | 'shiftKey' | 'altKey' | 'ctrlKey' | 'metaKey'>,
  mac: boolean,
): string | undefined => {
  const mod = mac ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey;
  if (!mod || event.altKey) {
    return undefined;
  }
  const key = event.key.toLowerCase();
  return event.shiftKey ? { x: '~' }[key] : { b: '*', i: '_', e: '`' }[key];
};

export interface TextEdit {
  readonly text: string;
  /** The selection after it: the text that was selected, now inside (or outside) the markers. */
  readonly start: number;
  readonly end: number;
}

/**
 * `text` with `marker` around `[start, end)`, or without it when the selection is already wrapped in it (just
 * outside, or as its first and last character). Spaces at the selection's edges stay outside: a marker counts only
 * at a word's edge.
 */
export const toggleFormat = (text: string, start: number, end: number, marker: string): TextEdit => {
  let from = Math.min(start, end);
  let to = Math.max(start, end);
  while (from < to && /\s/u.test(text.charAt(from))) {
    from += 1;
  }
  while (to > from && /\s/u.test(text.charAt(to - 1))) {
    to -= 1;
  }
  const size = marker.length;
  if (from >= size && text.slice(from - size, from) === marker && text.slice(to, to + size) === marker) {
    return {
      text: text.slice(0, from - size) + text.slice(from, to) + text.slice(to + size),
      start: from - size,
      end: to - size,
    };
  }
  if (
    to - from > 2 * size &&
    text.slice(from, from + size) === marker &&
    text.slice(to - size, to) === marker
  ) {
    return {
      text: text.slice(0, from) + text.slice(from + size, to - size) + text.slice(to),
      start: from,
      end: to - 2 * size,
    };
  }
  return {
    text: text.slice(0, from) + marker + text.slice(from, to) + marker + text.slice(to),
    start: from + size,
    end: to + size,
  };
};
