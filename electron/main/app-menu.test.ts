import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import type { AppCommand } from '../../shared/host/host-events';
import { buildMenuTemplate } from './app-menu';

const items = (template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] =>
  template.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? items(item.submenu) : [])]);

const click = (item: MenuItemConstructorOptions | undefined) => (item?.click as (() => void) | undefined)?.();

describe('menu template', () => {
  it.each(['linux', 'win32', 'darwin'] as const)(
    'offers the app commands with their shortcuts on %s',
    (platform) => {
      const commands: AppCommand[] = [];
      const all = items(buildMenuTemplate({ platform, command: (command) => commands.push(command) }));
      const byAccelerator = (accelerator: string) => all.find((item) => item.accelerator === accelerator);
      click(byAccelerator('CmdOrCtrl+N'));
      click(byAccelerator('CmdOrCtrl+K'));
      click(byAccelerator('CmdOrCtrl+,'));
      expect(commands).toEqual(['new-chat', 'quick-switcher', 'settings']);
      // Standard menus by role, so copy, paste, zoom and window handling behave natively.
      expect(all.map((item) => item.role).filter(Boolean)).toEqual(
        expect.arrayContaining(['editMenu', 'viewMenu', 'windowMenu', 'quit']),
      );
    },
  );

  it('puts Settings in the app menu on macOS and in File elsewhere', () => {
    const mac = buildMenuTemplate({ platform: 'darwin', command: () => undefined });
    expect(mac[0]?.role).toBe('appMenu');
    const linux = buildMenuTemplate({ platform: 'linux', command: () => undefined });
    expect(linux[0]?.label).toBe('&File');
  });
});
