// Whether this system draws an emoji, one by one. frimousse hides whole Unicode versions the system lacks by
// trying one emoji of each, and takes a glyph that draws nothing for a colour one: a font one version behind
// (Debian 12's Noto draws Emoji 15.1) leaves every newer emoji an empty cell in the picker, and a sequence the font
// does not join shows as its parts side by side.

/**
 * Emoji of versions before this one are left to frimousse's test; newer ones, about 200, are tried each, and so is
 * one skin tone of each emoji that takes them (tones came later than many of their emoji).
 */
export const CHECKED_FROM_VERSION = 13;

const SIZE = 16;

const newCanvas = (): CanvasRenderingContext2D | null => {
  try {
    return document.createElement('canvas').getContext('2d', { willReadFrequently: true });
  } catch {
    return null;
  }
};

/**
 * A check, drawing on one small canvas in the page's font (what the picker's cells use, its emoji font loaded
 * first): an emoji is drawn when it is one emoji wide, something shows, and the fill colour changes none of it, as
 * with a colour glyph. A missing one comes out as a box or a plain glyph in the fill colour, or as nothing; a
 * sequence the font does not join, as its parts one after another. Null where there is no canvas to draw on.
 */
export const createEmojiDrawCheck = async (): Promise<((emoji: string) => boolean) | null> => {
  const context = newCanvas();
  if (!context) {
    return null;
  }
  const canvas = context.canvas;
  canvas.width = SIZE;
  canvas.height = SIZE;
  const font = `${String(SIZE - 2)}px ${getComputedStyle(document.body).fontFamily}`;
  // A canvas draws with a web font (styles.css's emoji face) only once it has loaded.
  await document.fonts.load(font, '😀').catch(() => undefined);
  const drawIn = (ink: CanvasRenderingContext2D, colour: string, emoji: string): Uint8ClampedArray => {
    ink.clearRect(0, 0, SIZE, SIZE);
    ink.font = font;
    ink.textBaseline = 'top';
    ink.fillStyle = colour;
    ink.fillText(emoji, 0, 0);
    return ink.getImageData(0, 0, SIZE, SIZE).data;
  };
  const ink = context;
  ink.font = font;
  // Wider than one emoji by a good margin: parts side by side (an emoji is 1.2 em wide at most, and two are 2).
  const widest = ink.measureText('😀').width * 1.4;
  return (emoji) => {
    ink.font = font;
    if (ink.measureText(emoji).width > widest) {
      return false;
    }
    const blue = drawIn(ink, '#00f', emoji);
    const red = drawIn(ink, '#f00', emoji);
    let shown = false;
    for (let at = 0; at < blue.length; at += 4) {
      if (blue[at] !== red[at] || blue[at + 1] !== red[at + 1] || blue[at + 2] !== red[at + 2]) {
        return false;
      }
      shown ||= (blue[at + 3] ?? 0) > 0;
    }
    return shown;
  };
};

/**
 * The entries this system draws: those of recent versions tried one by one, the rest kept; an entry whose skin
 * tones it does not draw keeps its emoji, without them.
 */
export const keepDrawable = <
  Entry extends {
    readonly emoji: string;
    readonly version: number;
    readonly skins?: Readonly<Record<string, string>> | undefined;
  },
>(
  entries: readonly Entry[],
  draws: ((emoji: string) => boolean) | null,
): Entry[] => {
  if (draws === null) {
    return [...entries];
  }
  return entries.flatMap((entry) => {
    if (entry.version >= CHECKED_FROM_VERSION && !draws(entry.emoji)) {
      return [];
    }
    const tone = Object.values(entry.skins ?? {})[0];
    if (tone === undefined || draws(tone)) {
      return [entry];
    }
    const { skins: _skins, ...withoutTones } = entry;
    return [withoutTones as Entry];
  });
};
