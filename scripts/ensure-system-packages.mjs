// Makes sure the Debian packages the tests need are present: installs them when running as root on Debian,
// otherwise stops with the exact command to run.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** Each requirement: the file that proves it is installed, and the Debian package providing it. */
const REQUIREMENTS = [
  {
    package: 'chromium',
    provides: '/usr/bin/chromium',
    skipWhen: () => Boolean(process.env.PARLEY_CHROMIUM),
  },
  {
    package: 'redis-server',
    provides: '/usr/bin/redis-server',
    skipWhen: () => Boolean(process.env.PARLEY_REDIS_SERVER),
  },
  { package: 'iproute2', provides: '/usr/sbin/ip', skipWhen: () => process.platform !== 'linux' },
  // Reactions are emoji: without a colour emoji font, Debian's Chromium draws most as empty boxes in the
  // screenshots the journeys write for the README.
  {
    package: 'fonts-noto-color-emoji',
    provides: '/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf',
    skipWhen: () => process.platform !== 'linux' || Boolean(process.env.PARLEY_CHROMIUM),
  },
];

export const ensureSystemPackages = () => {
  const missing = REQUIREMENTS.filter((req) => !req.skipWhen() && !existsSync(req.provides)).map(
    (req) => req.package,
  );
  if (missing.length === 0) {
    return;
  }
  const command = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (!isRoot || !hasApt) {
    console.error(
      `parley: missing system packages: ${missing.join(', ')}. Install them with:\n  sudo sh -c '${command}'`,
    );
    process.exit(1);
  }
  console.log(`parley: installing system packages: ${missing.join(', ')}`);
  execFileSync('sh', ['-c', command], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
};

// Run on its own (the benchmarks' npm scripts do, so a fresh clone can run them): the same check.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  ensureSystemPackages();
}
