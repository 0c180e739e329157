// Which Chromium the web project drives: PARLEY_CHROMIUM, else Debian's /usr/bin/chromium, else Playwright's own.
import { existsSync } from 'node:fs';

export const chromiumExecutable = (): string | undefined => {
  const fromEnv = process.env.PARLEY_CHROMIUM;
  if (fromEnv) {
    return fromEnv;
  }
  return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
};

/**
 * Playwright's own `--disable-features` list (playwright-core 1.65, chromiumSwitches.ts). Chromium keeps only
 * the last `--disable-features` it is given, so ours must repeat it: several of these stop start-up requests to
 * Google hosts (optimization hints, network time, search preconnects), which Playwright's list otherwise loses.
 */
const PLAYWRIGHT_DISABLED_FEATURES = [
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
];

// Without the networking switches Chromium keeps calling home. The resolver rules answer every host name but
// localhost with "not found" without asking DNS, so nothing a test or a page names (account checks, update
// checks, `https://evil.test` in a rendered link) is ever looked up: tests reach only loopback, by name or
// number, and addresses inside their own network namespace, which WebRTC uses without the resolver. The rules
// apply to addresses written as numbers too, hence loopback's own exclusions. mDNS candidates are off so a data channel opens between
// two pages on one host.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1 , EXCLUDE ::1',
  `--disable-features=${[...PLAYWRIGHT_DISABLED_FEATURES, 'WebRtcHideLocalIpsWithMdns'].join(',')}`,
];

/** Launch options for Playwright's Chromium: the switches above, and the executable when one was found. */
export const chromiumLaunchOptions = (): { args: string[]; executablePath?: string } => {
  const executablePath = chromiumExecutable();
  return { args: CHROMIUM_ARGS, ...(executablePath ? { executablePath } : {}) };
};
