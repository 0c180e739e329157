import { describe, expect, it } from 'vitest';
import { guardNavigation } from './navigation-guards';

type Listener = (event: { url?: string; preventDefault(): void }) => void;
type OpenHandler = (details: { url: string }) => { action: string };

const setup = (appOrigin = 'app://parley') => {
  const listeners = new Map<string, Listener>();
  let openHandler: OpenHandler | undefined;
  const opened: string[] = [];
  const contents = {
    on(name: string, listener: Listener) {
      listeners.set(name, listener);
      return contents;
    },
    setWindowOpenHandler(handler: OpenHandler) {
      openHandler = handler;
    },
  };
  guardNavigation(contents as unknown as Parameters<typeof guardNavigation>[0], {
    appOrigin,
    openExternal: (url) => {
      opened.push(url);
      return Promise.resolve();
    },
    onOpenExternalError: () => undefined,
  });
  const fire = (name: string, url?: string): boolean => {
    let prevented = false;
    listeners.get(name)?.({ url, preventDefault: () => (prevented = true) });
    return prevented;
  };
  const open = (url: string) => openHandler?.({ url });
  return { fire, open, opened };
};

describe('guardNavigation', () => {
  it('lets the page navigate within the app origin', () => {
    expect(setup().fire('will-navigate', 'app://parley/index.html#/chats')).toBe(false);
  });

  it('stops navigation to any other origin', () => {
    const { fire } = setup();
    expect(fire('will-navigate', 'https://example.org/')).toBe(true);
    expect(fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(fire('will-navigate', 'app://evil/')).toBe(true);
  });

  it('accepts the dev server origin when that is the app origin', () => {
    const { fire } = setup('http://localhost:5173');
    expect(fire('will-navigate', 'http://localhost:5173/')).toBe(false);
    expect(fire('will-navigate', 'app://parley/')).toBe(true);
  });

  it('never attaches a webview', () => {
    expect(setup().fire('will-attach-webview')).toBe(true);
  });

  it('denies every new window but sends safe web links to the OS browser', () => {
    const { open, opened } = setup();
    expect(open('https://example.org/')).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://example.org/']);
  });

  it('opens nothing for unsafe links and still denies the window', () => {
    const { open, opened } = setup();
    expect(open('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(open('https://user:pw@example.org/')).toEqual({ action: 'deny' });
    expect(open('app://parley/index.html')).toEqual({ action: 'deny' });
    expect(opened).toEqual([]);
  });
});
