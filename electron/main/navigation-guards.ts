// Keeps a window's web contents on the app: no navigation away, no new windows (web links go to the OS
// browser after a check), no <webview>.
import type { WebContents } from 'electron';
import { hasOrigin } from './app-origin';
import { isSafeExternalUrl } from './external-url';

export interface NavigationGuardDeps {
  /** `app://parley`, or the dev server's origin in development. */
  readonly appOrigin: string;
  /** `shell.openExternal`; only ever called with URLs that passed `isSafeExternalUrl`. */
  readonly openExternal: (url: string) => Promise<void>;
  readonly onOpenExternalError: (error: unknown) => void;
}

type GuardedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

export const guardNavigation = (contents: GuardedContents, deps: NavigationGuardDeps): void => {
  contents.on('will-navigate', (event) => {
    if (!hasOrigin(event.url, deps.appOrigin)) {
      event.preventDefault();
    }
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) {
      deps.openExternal(url).catch(deps.onOpenExternalError);
    }
    return { action: 'deny' };
  });
};
