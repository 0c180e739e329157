// Which Chromium the web project drives: PARLEY_CHROMIUM, else Debian's /usr/bin/chromium, else Playwright's own.
import { existsSync } from 'node:fs';

export const chromiumExecutable = (): string | undefined => {
  const fromEnv = process.env.PARLEY_CHROMIUM;
  if (fromEnv) {
    return fromEnv;
  }
  return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
};

// Without the networking switches Chromium keeps calling home, which a closed network refuses.
// mDNS candidates are off so a data channel opens between two pages on one host.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-features=WebRtcHideLocalIpsWithMdns',
];

/** Launch options for Playwright's Chromium: the switches above, and the executable when one was found. */
export const chromiumLaunchOptions = (): { args: string[]; executablePath?: string } => {
  const executablePath = chromiumExecutable();
  return { args: CHROMIUM_ARGS, ...(executablePath ? { executablePath } : {}) };
};
