// The tray (notification area) icon: its menu (show the window, quit) and its tooltip with the unread count.
import type { MenuItemConstructorOptions } from 'electron';

export const buildTrayMenuTemplate = (deps: {
  readonly show: () => void;
  readonly quit: () => void;
}): MenuItemConstructorOptions[] => [
  { label: 'Show Parley', click: deps.show },
  { type: 'separator' },
  { label: 'Quit Parley', click: deps.quit },
];

export const trayTooltip = (unread: number): string =>
  unread === 0 ? 'Parley' : `Parley — ${String(unread)} unread ${unread === 1 ? 'message' : 'messages'}`;

/** Where the icon file is: inside the installed app's resources, or in the source tree when run from it. */
export const trayIconPath = (deps: {
  readonly packaged: boolean;
  readonly resourcesPath: string;
  readonly appRoot: string;
  readonly join: (...parts: string[]) => string;
}): string =>
  deps.packaged ? deps.join(deps.resourcesPath, 'icon.png') : deps.join(deps.appRoot, 'build', 'icon.png');
