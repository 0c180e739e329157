// Runs a command inside a private network namespace (scripts/isolated-net.sh) so WebRTC tests never touch a
// real network; where namespaces are not permitted (macOS, Windows, locked-down Linux), on the host network,
// unless PARLEY_REQUIRE_ISOLATION=1 (CI sets it: there a host-network run would be a silent change of rules).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('./isolated-net.sh', import.meta.url));

/** @returns {string | null} why isolation is unavailable, or null when it works */
const isolationUnavailable = () => {
  if (process.platform !== 'linux') {
    return `network namespaces are Linux-only (this is ${process.platform})`;
  }
  const probe = spawnSync('bash', [script, 'true'], { stdio: ['ignore', 'ignore', 'pipe'] });
  if (probe.error || probe.status !== 0) {
    return (probe.stderr?.toString().trim().split('\n').pop() || probe.error?.message) ?? 'unshare failed';
  }
  return null;
};

export const runIsolated = (command, args) => {
  const reason = process.env.PARLEY_ISOLATED_NET === '1' ? null : isolationUnavailable();
  if (reason && process.env.PARLEY_REQUIRE_ISOLATION === '1') {
    console.error(
      `parley: no private network namespace, and PARLEY_REQUIRE_ISOLATION=1 forbids the host's: ${reason}`,
    );
    return 1;
  }
  if (reason) {
    console.log(`parley: running on the host network: ${reason}`);
  }
  const [file, fileArgs] = reason ? [command, args] : ['bash', [script, command, ...args]];
  // Tests that open WebRTC run only where this says which network they are on (see e2e and headless tests).
  const env = { ...process.env, PARLEY_TEST_NETWORK: reason ? 'host' : 'isolated' };
  const result = spawnSync(file, fileArgs, { stdio: 'inherit', env });
  return result.status ?? 1;
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [command, ...args] = process.argv.slice(2);
  if (!command) {
    console.error('usage: run-isolated.mjs COMMAND [ARG...]');
    process.exit(2);
  }
  process.exit(runIsolated(command, args));
}
