// Where the main window reopens: the stored bounds when they are valid and still on a screen, otherwise a
// default size centred by the OS. Pure, so the rules are tested without Electron.
import { z } from 'zod';
import { MIN_WINDOW_HEIGHT, MIN_WINDOW_WIDTH, type InitialBounds } from './window-options';

export const WindowStateSchema = z.strictObject({
  x: z.int(),
  y: z.int(),
  width: z.int().positive().max(100_000),
  height: z.int().positive().max(100_000),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof WindowStateSchema>;

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export const DEFAULT_WINDOW_SIZE = { width: 1100, height: 740 } as const;

export interface RestoredWindow {
  /** Without x and y, Electron centres the window on the primary display. */
  readonly bounds: InitialBounds;
  readonly maximized: boolean;
}

const overlapArea = (a: Rect, b: Rect): number => {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width > 0 && height > 0 ? width * height : 0;
};

const clamp = (value: number, min: number, max: number): number => Math.min(Math.max(value, min), max);

const fitSize = (size: { width: number; height: number }, area: Rect | undefined) => ({
  width: area ? Math.min(Math.max(size.width, MIN_WINDOW_WIDTH), area.width) : size.width,
  height: area ? Math.min(Math.max(size.height, MIN_WINDOW_HEIGHT), area.height) : size.height,
});

/**
 * `workAreas` are the displays' work areas (screen minus taskbar/dock), the primary display first.
 * A window that lies on no display any more (a monitor was unplugged) is re-centred on the primary one.
 */
export const restoreWindowState = (stored: unknown, workAreas: readonly Rect[]): RestoredWindow => {
  const primary = workAreas[0];
  const parsed = WindowStateSchema.safeParse(stored);
  if (!parsed.success) {
    return { bounds: fitSize(DEFAULT_WINDOW_SIZE, primary), maximized: false };
  }
  const state = parsed.data;
  let best: Rect | undefined;
  let bestOverlap = 0;
  for (const area of workAreas) {
    const overlap = overlapArea(state, area);
    if (overlap > bestOverlap) {
      best = area;
      bestOverlap = overlap;
    }
  }
  if (!best) {
    return { bounds: fitSize(state, primary), maximized: state.maximized };
  }
  const size = fitSize(state, best);
  return {
    bounds: {
      x: clamp(state.x, best.x, best.x + best.width - size.width),
      y: clamp(state.y, best.y, best.y + best.height - size.height),
      ...size,
    },
    maximized: state.maximized,
  };
};
