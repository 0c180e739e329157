import { describe, expect, it } from 'vitest';
import { SKIN_TONES, withoutSkinTone, withSkinTone } from './skin-tones';

describe('withSkinTone', () => {
  it('puts an emoji that takes a skin tone in the one chosen, and leaves the rest as they are', () => {
    expect(withSkinTone('👍', 'medium-dark')).toBe('👍🏾');
    expect(withSkinTone('🙏', 'light')).toBe('🙏🏻');
    expect(withSkinTone('👍', 'none')).toBe('👍');
    for (const emoji of ['❤️', '😂', '😮', '😢']) {
      for (const { tone } of SKIN_TONES) {
        expect(withSkinTone(emoji, tone), `${emoji} ${tone}`).toBe(emoji);
      }
    }
  });
});

describe('withoutSkinTone', () => {
  it('takes any skin tone off, and leaves an emoji without one as it is', () => {
    expect(withoutSkinTone('👍🏾')).toBe('👍');
    expect(withoutSkinTone('🧑🏻‍🤝‍🧑🏿')).toBe('🧑‍🤝‍🧑');
    expect(withoutSkinTone('❤️')).toBe('❤️');
  });
});
