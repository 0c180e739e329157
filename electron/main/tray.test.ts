import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTrayMenuTemplate, trayIconPath, trayTooltip } from './tray';

describe('tray', () => {
  it('shows the window or quits from its menu', () => {
    const calls: string[] = [];
    const template = buildTrayMenuTemplate({
      show: () => calls.push('show'),
      quit: () => calls.push('quit'),
    });
    for (const item of template) {
      (item.click as (() => void) | undefined)?.();
    }
    expect(calls).toEqual(['show', 'quit']);
    expect(template.map((item) => item.label ?? item.type)).toEqual([
      'Show Parley',
      'separator',
      'Quit Parley',
    ]);
  });

  it('says how many messages are unread', () => {
    expect(trayTooltip(0)).toBe('Parley');
    expect(trayTooltip(1)).toBe('Parley — 1 unread message');
    expect(trayTooltip(12)).toBe('Parley — 12 unread messages');
  });

  it('finds its icon in the installed resources, or in the source tree', () => {
    const paths = { resourcesPath: '/opt/Parley/resources', appRoot: '/src/parley', join };
    expect(trayIconPath({ ...paths, packaged: true })).toBe('/opt/Parley/resources/icon.png');
    expect(trayIconPath({ ...paths, packaged: false })).toBe('/src/parley/build/icon.png');
  });
});
