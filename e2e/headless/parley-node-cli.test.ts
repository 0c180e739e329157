// `parley-node` as its users run it: the bundled bins on plain Node, a real signaling server, real WebRTC, and
// each command a separate process with its own identity file and message store. WebRTC runs only on the test
// network `npm test` sets up.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBin } from '../../scripts/build-bins.mjs';

const run = promisify(execFile);
const network = process.env.PARLEY_TEST_NETWORK;
const env = { ...process.env, PARLEY_PASSPHRASE: 'correct horse battery staple' };

describe.skipIf(!network)('parley-node', () => {
  let workdir: string;
  let signaling: ChildProcess | undefined;
  let signalUrl: string;
  let nodeBin: string;

  const cli = async (who: string, ...args: string[]) => {
    const { stdout } = await run(
      process.execPath,
      [nodeBin, '--data', path.join(workdir, who), '--signal', signalUrl, ...args],
      {
        env,
        timeout: 60_000,
      },
    );
    return stdout
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  };

  beforeAll(async () => {
    workdir = await mkdtemp(path.join(tmpdir(), 'parley-node-'));
    // A folder of this file's own: esbuild truncates before it writes, so a bundle another test file rebuilds
    // at the same time could start half-written.
    const binDir = path.join('out', 'bin-test', 'parley-node-cli');
    const [signalingBin, peerBin] = await Promise.all([
      buildBin('parley-signaling', path.join(binDir, 'parley-signaling.mjs')),
      buildBin('parley-node', path.join(binDir, 'parley-node.mjs')),
    ]);
    nodeBin = peerBin;
    const server = spawn(process.execPath, [signalingBin, '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    signaling = server;
    signalUrl = await new Promise<string>((resolve, reject) => {
      let output = '';
      let errors = '';
      server.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /"signalingUrl":"([^"]+)"/.exec(output);
        if (match?.[1]) {
          resolve(match[1]);
        }
      });
      // Still shown as before, and kept for the reason should the server die before it listens.
      server.stderr.on('data', (chunk: Buffer) => {
        errors += chunk.toString();
        process.stderr.write(chunk);
      });
      // After the URL this rejects a settled promise: a no-op.
      server.once('close', (code, signal) =>
        reject(new Error(`parley-signaling exited (${signal ?? code}) before printing its URL: ${errors}`)),
      );
    });
  }, 60_000);
  afterAll(async () => {
    // A beforeAll that failed may leave these unset, and its error is the one to see.
    signaling?.kill('SIGTERM');
    const started: Partial<{ workdir: string }> = { workdir };
    if (started.workdir) {
      await rm(started.workdir, { recursive: true, force: true });
    }
  });

  it('init, id, add, listen with auto-accept, send, react: a message and a reaction arrive as JSON lines', async () => {
    const [alice] = await cli('alice', 'init', 'Alice');
    const [bob] = await cli('bob', 'init', 'Bob');
    expect(await cli('bob', 'id')).toEqual([{ peerId: bob?.peerId }]);
    const bobId = String(bob?.peerId);

    const listener = spawn(
      process.execPath,
      [nodeBin, '--data', path.join(workdir, 'bob'), '--signal', signalUrl, 'listen', '--auto-accept'],
      { env, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const heard: Record<string, unknown>[] = [];
    let buffered = '';
    listener.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      heard.push(...lines.filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>));
    });
    try {
      await expect.poll(() => heard[0], { timeout: 20_000 }).toEqual({ listening: bobId });
      expect(await cli('alice', 'add', bobId, 'hello from the tests')).toMatchObject([{ delivered: true }]);
      const [sent] = await cli('alice', 'send', bobId, 'sent from a shell script');
      expect(sent).toMatchObject({ delivered: true });
      await expect
        .poll(() => heard.find((event) => event.type === 'message' && event.kind === 'text'), {
          timeout: 20_000,
        })
        .toMatchObject({ id: sent?.id, from: alice?.peerId, body: { text: 'sent from a shell script' } });
      // A bot reacts to its own message; the listener hears the reaction, naming it.
      const [reacted] = await cli('alice', 'react', bobId, String(sent?.id), '🚀');
      expect(reacted).toMatchObject({ delivered: true });
      await expect
        .poll(() => heard.find((event) => event.kind === 'reaction'), { timeout: 20_000 })
        .toMatchObject({ id: reacted?.id, body: { of: sent?.id, emoji: '🚀' } });
    } finally {
      listener.kill('SIGINT');
    }
    // Contacts are remembered on disk by both sides.
    expect(await cli('alice', 'contacts')).toEqual([{ peerId: bobId, state: 'accepted' }]);
  }, 120_000);

  it('stops with exit code 4 when the same identity connects from elsewhere, and the newer one keeps it', async () => {
    const [carol] = await cli('carol', 'init', 'Carol');
    // The same identity in a second data folder, as on a second machine after restoring its backup.
    await mkdir(path.join(workdir, 'carol-elsewhere'), { mode: 0o700 });
    await copyFile(
      path.join(workdir, 'carol', 'identity.vault'),
      path.join(workdir, 'carol-elsewhere', 'identity.vault'),
    );
    const listen = (who: string) => {
      const child = spawn(
        process.execPath,
        [nodeBin, '--data', path.join(workdir, who), '--signal', signalUrl, 'listen', '--verbose'],
        { env, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      const output = { stdout: '', stderr: '' };
      child.stdout.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      return { child, output, exited };
    };
    // --verbose prints the signaling states: "ready" is the registration.
    const registered = '"status":"ready"';
    const first = listen('carol');
    let second: ReturnType<typeof listen> | null = null;
    try {
      await expect.poll(() => first.output.stderr, { timeout: 20_000 }).toContain(registered);
      second = listen('carol-elsewhere');
      expect(await first.exited).toBe(4);
      expect(first.output.stderr).toContain('another peer with this identity connected');
      const newer = second;
      await expect.poll(() => newer.output.stdout, { timeout: 20_000 }).toContain(String(carol?.peerId));
      await expect.poll(() => newer.output.stderr, { timeout: 20_000 }).toContain(registered);
      // The newer one stays up and leaves when interrupted, with 0.
      newer.child.kill('SIGINT');
      expect(await newer.exited).toBe(0);
    } finally {
      first.child.kill('SIGINT');
      second?.child.kill('SIGINT');
    }
  }, 120_000);
});
