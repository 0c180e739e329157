// The package's bins as users get them: bundled to plain JavaScript, run by plain Node (no tsx), it
// answers --help and serves /healthz and a WebSocket login.
import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildBin } from './build-bins.mjs';

describe('bins', () => {
  it('runs on plain Node from the bundle: --help, then a server that answers /healthz', async () => {
    // Bundled into the repository so its npm dependencies resolve as they do for the real bin, in a folder of
    // this file's own: esbuild truncates before it writes, so a bundle another test file rebuilds at the same
    // time could start half-written.
    const bin = await buildBin(
      'parley-signaling',
      join('out', 'bin-test', 'build-bins', 'parley-signaling.mjs'),
    );
    const help = execFileSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    expect(help).toContain('--redis-url');

    const child = spawn(process.execPath, [bin, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const httpUrl = await new Promise<string>((resolve, reject) => {
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const match = /"httpUrl":"([^"]+)"/.exec(output);
          if (match?.[1]) {
            resolve(match[1]);
          }
        });
        child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
      });
      expect(new URL(httpUrl).hostname).toBe('127.0.0.1');
      const health = await fetch(`${httpUrl}/healthz`);
      expect(await health.json()).toMatchObject({ status: 'ok' });
    } finally {
      child.kill('SIGTERM');
    }
  });
});
