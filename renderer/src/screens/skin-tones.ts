// The skin tones a user may choose for people and hands (the emojiSkinTone setting): the picker shows them, and
// the quick reactions wear the chosen one where Unicode has that emoji in it.
import { isReactionEmoji } from '../../../shared/messaging/message-format';
import type { Settings } from '../../../shared/settings/settings-schema';

export type EmojiSkinTone = NonNullable<Settings['emojiSkinTone']>;

/** Each tone with its name and Unicode's modifier (none for the default yellow). */
export const SKIN_TONES: readonly {
  readonly tone: EmojiSkinTone;
  readonly label: string;
  readonly modifier: string;
}[] = [
  { tone: 'none', label: 'Default', modifier: '' },
  { tone: 'light', label: 'Light', modifier: '\u{1F3FB}' },
  { tone: 'medium-light', label: 'Medium-light', modifier: '\u{1F3FC}' },
  { tone: 'medium', label: 'Medium', modifier: '\u{1F3FD}' },
  { tone: 'medium-dark', label: 'Medium-dark', modifier: '\u{1F3FE}' },
  { tone: 'dark', label: 'Dark', modifier: '\u{1F3FF}' },
];

/** `emoji` in `tone`, when Unicode has it so (👍 does, ❤️ does not); otherwise `emoji` as it is. */
export const withSkinTone = (emoji: string, tone: EmojiSkinTone): string => {
  const modifier = SKIN_TONES.find((choice) => choice.tone === tone)?.modifier ?? '';
  const toned = `${emoji}${modifier}`;
  return modifier !== '' && isReactionEmoji(toned) ? toned : emoji;
};

/** `emoji` without a skin tone, to know a reaction in any tone for the one the quick reactions show. */
export const withoutSkinTone = (emoji: string): string => emoji.replace(/[\u{1F3FB}-\u{1F3FF}]/gu, '');
