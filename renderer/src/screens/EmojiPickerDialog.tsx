// Any emoji, for a reaction or for the composer: a searchable, keyboard-navigable picker in a dialog (frimousse:
// unstyled and virtualized, see docs/DEPENDENCIES.md) over Emojibase's data, which the app serves itself
// (scripts/vite-emoji-data.ts). It hides emoji this system cannot draw, offers only what a reaction may be (one
// emoji of Unicode's recommended set), and wears the skin tone chosen in it (a setting).
import {
  defaultEmojiDataResolver,
  type EmojiData,
  type EmojiDataResolver,
  EmojiPicker,
  type EmojiPickerListComponents,
} from 'frimousse';
import { type ReactNode, useEffect, useRef } from 'react';
import { asReactionEmoji } from '../../../shared/messaging/message-format';
import { useAppStore } from '../state/use-app-store';
import { Dialog } from './Dialog';
import { createEmojiDrawCheck, keepDrawable } from './emoji-drawable';
import { type EmojiSkinTone, SKIN_TONES } from './skin-tones';

/** The folder the build serves the emoji data from, beside index.html (EMOJI_DATA_PATH in scripts/vite-emoji-data.ts). */
const emojiDataUrl = (): string => new URL('emojibase', document.baseURI).href;

type PickerEmoji = EmojiData['emojis'][number];

/** An entry as a reaction carries it (asReactionEmoji), skin tones included; null when it cannot be one. */
const asReaction = (entry: PickerEmoji): PickerEmoji | null => {
  const emoji = asReactionEmoji(entry.emoji);
  if (emoji === null) {
    return null;
  }
  const { skins, ...rest } = entry;
  const tones = Object.entries(skins ?? {}).flatMap(([tone, skin]) => {
    const reaction = asReactionEmoji(skin);
    return reaction === null ? [] : [[tone, reaction] as const];
  });
  // Every tone or none: the picker offers the five together.
  return tones.length === 5
    ? { ...rest, emoji, skins: Object.fromEntries(tones) as typeof skins }
    : { ...rest, emoji };
};

/**
 * Emojibase's data as frimousse loads it, less what this system cannot draw (emoji-drawable.ts), keeping only what
 * a reaction may be: it holds lone regional indicators too (letters of flags), and writes some emoji with a
 * selector they do not take. Module-level: the picker caches the data per resolver.
 */
const resolveReactionEmoji: EmojiDataResolver = async (locale, options) => {
  const data = await defaultEmojiDataResolver(locale, options);
  const drawn = keepDrawable(data.emojis, await createEmojiDrawCheck());
  return { ...data, emojis: drawn.flatMap((entry) => asReaction(entry) ?? []) };
};

/**
 * frimousse numbers rows and cells from 0, where ARIA's indices start at 1. A cell's column is shifted. Rows keep
 * frimousse's numbers, as it finds rows by that attribute to scroll them into view, but for the first row's 0,
 * which is dropped: a screen reader hears row numbers one low, the price of keeping the scrolling right. The
 * active emoji is announced by frimousse's own live region as the arrows move.
 */
const ariaIndex = (index: unknown): number | undefined => (typeof index === 'number' ? index + 1 : undefined);

// Module-level, so the virtualized list keeps its rows across renders.
const LIST_PARTS: Partial<EmojiPickerListComponents> = {
  Row: ({ children, ...rest }) => (
    <div {...rest} aria-rowindex={rest['aria-rowindex'] === 0 ? undefined : rest['aria-rowindex']}>
      {children}
    </div>
  ),
  CategoryHeader: ({ category, ...rest }) => (
    <div className="emoji-picker-category" {...rest}>
      {category.label}
    </div>
  ),
  Emoji: ({ emoji, ...rest }) => (
    // A grid cell named by its label (frimousse's props), which the arrow keys move between.
    <button
      className="emoji-picker-emoji"
      title={emoji.label}
      {...rest}
      aria-colindex={ariaIndex(rest['aria-colindex'])}
    >
      {emoji.emoji}
    </button>
  ),
};

/** The next tone for an arrow key in the group, wrapping around; undefined for any other key. */
const STEPS: Readonly<Record<string, number>> = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };

/**
 * The skin tone for people and hands, kept in the settings so every picker opens with it. A radio group: one Tab
 * stop (the tone chosen), the arrows move and choose.
 */
const SkinTones = ({ tone }: { tone: EmojiSkinTone }) => {
  const updateSettings = useAppStore((state) => state.updateSettings);
  const group = useRef<HTMLDivElement>(null);
  const choose = (next: EmojiSkinTone) => void updateSettings({ emojiSkinTone: next });
  return (
    <div
      ref={group}
      className="skin-tones"
      role="radiogroup"
      aria-label="Skin tone"
      onKeyDown={(event) => {
        const step = STEPS[event.key];
        if (step === undefined || event.altKey || event.ctrlKey || event.metaKey) {
          return;
        }
        event.preventDefault();
        const at = SKIN_TONES.findIndex((choice) => choice.tone === tone);
        const next = (at + step + SKIN_TONES.length) % SKIN_TONES.length;
        choose(SKIN_TONES[next]?.tone ?? 'none');
        group.current?.querySelectorAll<HTMLElement>('[role="radio"]')[next]?.focus();
      }}
    >
      {SKIN_TONES.map((choice) => (
        <button
          key={choice.tone}
          role="radio"
          aria-checked={choice.tone === tone}
          aria-label={choice.label}
          title={`${choice.label} skin tone`}
          tabIndex={choice.tone === tone ? 0 : -1}
          className={choice.tone === tone ? 'skin-tone chosen' : 'skin-tone'}
          onClick={() => choose(choice.tone)}
        >
          {`✋${choice.modifier}`}
        </button>
      ))}
    </div>
  );
};

export const EmojiPickerDialog = (props: {
  readonly title: string;
  /** A line above the picker. */
  readonly note?: ReactNode;
  /** The emoji chosen (the dialog closes first). */
  readonly onPick: (emoji: string) => void;
  readonly onClose: () => void;
}) => {
  const skinTone = useAppStore((state) => state.settings?.emojiSkinTone ?? 'none');
  // Typing finds emoji at once. After the dialog's own focus step: showModal focuses its first control (Close).
  const search = useRef<HTMLInputElement>(null);
  useEffect(() => search.current?.focus(), []);
  return (
    <Dialog title={props.title} onClose={props.onClose} className="emoji-picker-dialog">
      {props.note !== undefined && <p className="muted small">{props.note}</p>}
      <EmojiPicker.Root
        className="emoji-picker"
        emojibaseUrl={emojiDataUrl()}
        resolveEmojiData={resolveReactionEmoji}
        skinTone={skinTone}
        columns={9}
        onEmojiSelect={({ emoji }) => {
          // The data holds only one-emoji entries (resolveReactionEmoji); checked again, as it is not ours.
          const chosen = asReactionEmoji(emoji);
          if (chosen !== null) {
            props.onClose();
            props.onPick(chosen);
          }
        }}
      >
        <EmojiPicker.Search ref={search} className="emoji-picker-search" aria-label="Search emoji" />
        <SkinTones tone={skinTone} />
        <EmojiPicker.Viewport className="emoji-picker-viewport">
          <EmojiPicker.Loading className="emoji-picker-state">Loading…</EmojiPicker.Loading>
          <EmojiPicker.Empty className="emoji-picker-state">No emoji found.</EmojiPicker.Empty>
          <EmojiPicker.List className="emoji-picker-list" components={LIST_PARTS} />
        </EmojiPicker.Viewport>
      </EmojiPicker.Root>
    </Dialog>
  );
};
