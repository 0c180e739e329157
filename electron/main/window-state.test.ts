import { describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW_SIZE, restoreWindowState, type Rect } from './window-state';

const laptop: Rect = { x: 0, y: 25, width: 1440, height: 875 };
const externalOnRight: Rect = { x: 1440, y: 0, width: 2560, height: 1400 };
const saved = (x: number, y: number, width = 1000, height = 700, maximized = false) => ({
  x,
  y,
  width,
  height,
  maximized,
});

describe('restoreWindowState', () => {
  it('opens at the default size, centred, when nothing valid was stored', () => {
    for (const stored of [
      null,
      undefined,
      {},
      'garbage',
      saved(0, 0, -5, 700),
      { ...saved(0, 0), extra: 1 },
    ]) {
      expect(restoreWindowState(stored, [laptop])).toEqual({ bounds: DEFAULT_WINDOW_SIZE, maximized: false });
    }
  });

  it('refuses fractional or absurd numbers from a tampered file', () => {
    expect(restoreWindowState(saved(10.5, 30), [laptop]).bounds).toEqual(DEFAULT_WINDOW_SIZE);
    expect(restoreWindowState(saved(10, 30, 1e9, 700), [laptop]).bounds).toEqual(DEFAULT_WINDOW_SIZE);
  });

  it('shrinks the default size to a small screen', () => {
    const small: Rect = { x: 0, y: 0, width: 1024, height: 600 };
    expect(restoreWindowState(null, [small]).bounds).toEqual({ width: 1024, height: 600 });
  });

  it('restores bounds that are fully visible, unchanged', () => {
    expect(restoreWindowState(saved(100, 100, 1000, 700, true), [laptop])).toEqual({
      bounds: { x: 100, y: 100, width: 1000, height: 700 },
      maximized: true,
    });
  });

  it('restores onto a secondary display when that is where the window was', () => {
    expect(restoreWindowState(saved(2000, 200), [laptop, externalOnRight]).bounds).toEqual({
      x: 2000,
      y: 200,
      width: 1000,
      height: 700,
    });
  });

  it('pulls a window hanging off the edge back onto the display it mostly covers', () => {
    expect(restoreWindowState(saved(1000, -300), [laptop]).bounds).toEqual({
      x: 440,
      y: 25,
      width: 1000,
      height: 700,
    });
  });

  it('re-centres on the primary display when the window was on a display that is gone', () => {
    expect(restoreWindowState(saved(2000, 200), [laptop])).toEqual({
      bounds: { width: 1000, height: 700 },
      maximized: false,
    });
  });

  it('shrinks a window larger than its display and keeps the minimum size otherwise', () => {
    expect(restoreWindowState(saved(0, 25, 3000, 2000), [laptop]).bounds).toEqual({
      x: 0,
      y: 25,
      width: 1440,
      height: 875,
    });
    expect(restoreWindowState(saved(100, 100, 200, 100), [laptop]).bounds).toEqual({
      x: 100,
      y: 100,
      width: 480,
      height: 360,
    });
  });

  it('still opens when no display is known', () => {
    expect(restoreWindowState(saved(100, 100), []).bounds).toEqual({ width: 1000, height: 700 });
  });
});
