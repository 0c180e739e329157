import { describe, expect, it } from 'vitest';
import { buildWindowOptions } from './window-options';

const build = (overrides: Partial<Parameters<typeof buildWindowOptions>[0]> = {}) =>
  buildWindowOptions({
    preloadPath: '/app/out/preload/index.cjs',
    bounds: { width: 1000, height: 700 },
    ...overrides,
  });

describe('buildWindowOptions', () => {
  it('isolates and sandboxes the renderer with no Node.js anywhere', () => {
    const web = build().webPreferences;
    expect(web?.contextIsolation).toBe(true);
    expect(web?.sandbox).toBe(true);
    expect(web?.nodeIntegration).toBe(false);
    expect(web?.nodeIntegrationInWorker).toBe(false);
    expect(web?.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps the same-origin policy and blocks mixed content', () => {
    const web = build().webPreferences;
    expect(web?.webSecurity).toBe(true);
    expect(web?.allowRunningInsecureContent).toBe(false);
  });

  it('turns off webviews, experimental and extra Blink features, plugins and WebSQL', () => {
    const web = build().webPreferences;
    expect(web?.webviewTag).toBe(false);
    expect(web?.experimentalFeatures).toBe(false);
    expect(web?.enableBlinkFeatures).toBe('');
    expect(web?.plugins).toBe(false);
    expect(web?.enableWebSQL).toBe(false);
  });

  it('does not navigate to dropped files and lets the user silence dialog loops', () => {
    const web = build().webPreferences;
    expect(web?.navigateOnDragDrop).toBe(false);
    expect(web?.safeDialogs).toBe(true);
  });

  it('loads the given preload and nothing else', () => {
    expect(build().webPreferences?.preload).toBe('/app/out/preload/index.cjs');
  });

  it('disables DevTools unless asked for', () => {
    expect(build().webPreferences?.devTools).toBe(false);
    expect(build({ devTools: true }).webPreferences?.devTools).toBe(true);
  });

  it('spellchecks with the OS dictionaries on macOS and Windows but never downloads them on Linux', () => {
    expect(build({ platform: 'darwin' }).webPreferences?.spellcheck).toBe(true);
    expect(build({ platform: 'win32' }).webPreferences?.spellcheck).toBe(true);
    expect(build({ platform: 'linux' }).webPreferences?.spellcheck).toBe(false);
  });

  it('stays hidden until ready and paints a background that matches the theme', () => {
    expect(build().show).toBe(false);
    expect(build({ darkBackground: true }).backgroundColor).toBe('#16181d');
    expect(build({ darkBackground: false }).backgroundColor).toBe('#ffffff');
  });

  it('uses the given bounds and a usable minimum size', () => {
    const options = build({ bounds: { x: 10, y: 20, width: 900, height: 600 } });
    expect(options).toMatchObject({ x: 10, y: 20, width: 900, height: 600, minWidth: 480, minHeight: 360 });
  });
});
