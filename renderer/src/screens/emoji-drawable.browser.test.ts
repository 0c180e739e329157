// The per-emoji drawing check in Chromium, with the fonts this system has: a colour emoji is drawn; a character no
// font has, or one drawn in the fill colour, is not; entries of older versions are left alone.
import { describe, expect, it } from 'vitest';
import '../styles.css';
import { CHECKED_FROM_VERSION, createEmojiDrawCheck, keepDrawable } from './emoji-drawable';

describe('emoji drawing check', () => {
  it('tells a colour emoji from a missing character and from a plain glyph', async () => {
    const draws = await createEmojiDrawCheck();
    expect(draws).not.toBeNull();
    expect(draws?.('😀')).toBe(true);
    expect(draws?.('👍🏽')).toBe(true);
    // A private-use character: no font here has it (a box, or nothing).
    expect(draws?.('\u{F0000}')).toBe(false);
    // A letter is drawn, in the fill colour: not an emoji; nor is a text symbol the emoji font does not have.
    expect(draws?.('A')).toBe(false);
    expect(draws?.('✓')).toBe(false);
    // A sequence drawn as its parts side by side (here a joiner between an emoji and a letter) is not one emoji.
    expect(draws?.('😀\u200D😀')).toBe(false);
  });

  it('tries only the entries of recent versions', () => {
    const tried: string[] = [];
    const entries = [
      { emoji: 'old', version: CHECKED_FROM_VERSION - 1 },
      { emoji: 'new-drawn', version: CHECKED_FROM_VERSION },
      { emoji: 'new-missing', version: 16 },
    ];
    const kept = keepDrawable(entries, (emoji) => {
      tried.push(emoji);
      return emoji === 'new-drawn';
    });
    expect(kept.map((entry) => entry.emoji)).toEqual(['old', 'new-drawn']);
    expect(tried).toEqual(['new-drawn', 'new-missing']);
    expect(keepDrawable(entries, null)).toEqual(entries);
    // Skin tones: one is tried; an emoji whose tones are not drawn is kept without them.
    const toned = [
      { emoji: 'hand', version: 1, skins: { light: 'hand-light', dark: 'hand-dark' } },
      { emoji: 'shake', version: 3, skins: { light: 'shake-light', dark: 'shake-dark' } },
    ];
    expect(keepDrawable(toned, (emoji) => emoji !== 'shake-light')).toEqual([
      toned[0],
      { emoji: 'shake', version: 3 },
    ]);
  });
});
