import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMarkerFor, toggleFormat } from './format-shortcuts';
import { parseFormatting } from '../text/text-format';

const press = (
  key: string,
  keys: Partial<Record<'shiftKey' | 'altKey' | 'ctrlKey' | 'metaKey', boolean>>,
) => ({
  key,
  shiftKey: false,
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  ...keys,
});

describe('formatting keys', () => {
  it('are Ctrl (Cmd on macOS) with B, I, E, and Shift+X', () => {
    expect(formatMarkerFor(press('b', { ctrlKey: true }), false)).toBe('*');
    expect(formatMarkerFor(press('I', { ctrlKey: true }), false)).toBe('_');
    expect(formatMarkerFor(press('e', { metaKey: true }), true)).toBe('`');
    expect(formatMarkerFor(press('X', { ctrlKey: true, shiftKey: true }), false)).toBe('~');
    // Not the other platform's modifier, not with Alt, not other keys.
    expect(formatMarkerFor(press('b', { metaKey: true }), false)).toBeUndefined();
    expect(formatMarkerFor(press('b', { ctrlKey: true }), true)).toBeUndefined();
    expect(formatMarkerFor(press('b', { ctrlKey: true, altKey: true }), false)).toBeUndefined();
    expect(formatMarkerFor(press('x', { ctrlKey: true }), false)).toBeUndefined();
    expect(formatMarkerFor(press('b', {}), false)).toBeUndefined();
  });
});

describe('toggling a format', () => {
  it('wraps the selection, leaving its edge spaces out, and keeps it selected', () => {
    expect(toggleFormat('see you soon', 4, 8, '*')).toEqual({ text: 'see *you* soon', start: 5, end: 8 });
    expect(parseFormatting('see *you* soon')[1]).toEqual({
      kind: 'bold',
      children: [{ kind: 'plain', text: 'you' }],
    });
    // A pair around the caret, to type into.
    expect(toggleFormat('see ', 4, 4, '_')).toEqual({ text: 'see __', start: 5, end: 5 });
  });

  it('takes markers away, from just outside the selection or at its ends', () => {
    expect(toggleFormat('see *you* soon', 5, 8, '*')).toEqual({ text: 'see you soon', start: 4, end: 7 });
    expect(toggleFormat('see *you* soon', 4, 9, '*')).toEqual({ text: 'see you soon', start: 4, end: 7 });
    // Another marker is added, not taken.
    expect(toggleFormat('see *you* soon', 5, 8, '_')).toEqual({ text: 'see *_you_* soon', start: 6, end: 9 });
  });

  it('gives back the text it started from when toggled twice', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 30 }),
        fc.nat(),
        fc.nat(),
        fc.constantFrom('*', '_', '~', '`'),
        (text, a, b, marker) => {
          const start = Math.min(a, b) % (text.length + 1);
          const end = Math.min(text.length, start + (Math.max(a, b) % (text.length + 1)));
          const once = toggleFormat(text, start, end, marker);
          const twice = toggleFormat(once.text, once.start, once.end, marker);
          // Unless the selection sat inside markers already, which the first toggle took away.
          if (once.text.length > text.length) {
            expect(twice.text).toBe(text);
          }
          expect(once.text.slice(once.start, once.end).trim()).toBe(once.text.slice(once.start, once.end));
        },
      ),
    );
  });
});
