// The menu bar: the platform's standard menus (by role, so labels, shortcuts and behaviour are native) and
// Parley's own commands with the same accelerators the renderer answers to.
import type { MenuItemConstructorOptions } from 'electron';
import type { AppCommand } from '../../shared/host/host-events';

export const buildMenuTemplate = (deps: {
  readonly platform: NodeJS.Platform;
  readonly command: (command: AppCommand) => void;
}): MenuItemConstructorOptions[] => {
  const mac = deps.platform === 'darwin';
  const settings: MenuItemConstructorOptions = {
    label: mac ? 'Settings…' : 'Settings',
    accelerator: 'CmdOrCtrl+,',
    click: () => deps.command('settings'),
  };
  return [
    ...(mac
      ? [
          {
            role: 'appMenu',
            submenu: [
              { role: 'about' },
              { type: 'separator' },
              settings,
              { type: 'separator' },
              { role: 'services' },
              { type: 'separator' },
              { role: 'hide' },
              { role: 'hideOthers' },
              { role: 'unhide' },
              { type: 'separator' },
              { role: 'quit' },
            ],
          } satisfies MenuItemConstructorOptions,
        ]
      : []),
    {
      label: mac ? 'File' : '&File',
      submenu: [
        { label: 'New Chat', accelerator: 'CmdOrCtrl+N', click: () => deps.command('new-chat') },
        {
          label: 'Go to Conversation…',
          accelerator: 'CmdOrCtrl+K',
          click: () => deps.command('quick-switcher'),
        },
        ...(mac
          ? []
          : [
              { type: 'separator' } as const,
              settings,
              { type: 'separator' } as const,
              { role: 'quit' } as const,
            ]),
      ],
    },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ];
};
