// What reaches parley-node while `add` or `send` runs (they are online, so they receive too) is not lost to the
// user: the next `listen` prints it first, and with --auto-accept accepts a contact request among it. Real
// processes, the real signaling server and real WebRTC, on the test network `npm test` sets up.
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INBOX_FILE } from './inbox';
import { jsonLines, runParleyNode, startParleyNode } from './testing/parley-node-process';
import { startSignalingServerProcess, type SignalingServerProcess } from './testing/signaling-server-process';

const network = process.env.PARLEY_TEST_NETWORK;

describe.skipIf(!network)('parley-node: messages that arrive while other commands run', () => {
  let server: SignalingServerProcess;
  let workdir: string;

  beforeAll(async () => {
    server = await startSignalingServerProcess();
    workdir = await mkdtemp(path.join(tmpdir(), 'parley-node-inbox-'));
  }, 60_000);
  afterAll(async () => {
    await server.stop();
    await rm(workdir, { recursive: true, force: true });
  });

  const argsOf = (who: string, ...args: string[]) => [
    '--data',
    path.join(workdir, who),
    '--signal',
    server.signalingUrl,
    ...args,
  ];
  /** Runs a command to its end; what it printed, checked to have exited with 0. */
  const run = async (who: string, ...args: string[]) => {
    const finished = await runParleyNode(argsOf(who, ...args));
    expect(finished, `parley-node ${args.join(' ')} (${who})`).toMatchObject({ code: 0 });
    return jsonLines(finished.stdout);
  };
  const init = async (who: string) => String((await run(who, 'init', who))[0]?.peerId);

  it('prints them at the next listen, and --auto-accept accepts the request among them', async () => {
    const [alice, bob, carol] = await Promise.all(['alice', 'bob', 'carol'].map(init));
    const aliceListening = startParleyNode(argsOf('alice', 'listen', '--auto-accept'));
    try {
      await expect.poll(() => aliceListening.lines[0], { timeout: 30_000 }).toEqual({ listening: alice });
      // Alice accepts at once; her acceptance reaches Bob while his add, or his first send, runs.
      expect(await run('bob', 'add', String(alice), 'hello Alice')).toMatchObject([{ delivered: true }]);
      // Carol's request waits for Bob to come online, which only his sends bring him.
      let carolAsked = false as boolean;
      const carolAsking = run('carol', '--timeout', '120000', 'add', String(bob), 'hello Bob').finally(() => {
        carolAsked = true;
      });
      for (let ping = 0; ping < 10 && !carolAsked; ping += 1) {
        expect(await run('bob', 'send', String(alice), `ping ${ping}`)).toMatchObject([{ delivered: true }]);
      }
      expect(await carolAsking).toMatchObject([{ delivered: true }]);
    } finally {
      await aliceListening.stop();
    }

    const bobListening = startParleyNode(argsOf('bob', 'listen', '--auto-accept'));
    const carolListening = startParleyNode(argsOf('carol', 'listen'));
    try {
      await expect.poll(() => bobListening.lines.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
      // Right after the listening line, before anything that arrives now.
      expect(bobListening.lines[0]).toEqual({ listening: bob });
      expect(bobListening.lines.slice(1, 3)).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ type: 'message', kind: 'contact-accept', from: alice }),
          expect.objectContaining({
            type: 'message',
            kind: 'contact-request',
            from: carol,
            body: { displayName: 'carol', note: 'hello Bob' },
            request: true,
          }),
        ]),
      );
      await expect
        .poll(() => carolListening.lines, { timeout: 30_000 })
        .toContainEqual(expect.objectContaining({ type: 'message', kind: 'contact-accept', from: bob }));
    } finally {
      await Promise.all([bobListening.stop(), carolListening.stop()]);
    }
    expect(await run('bob', 'contacts')).toEqual(
      expect.arrayContaining([
        { peerId: alice, state: 'accepted' },
        { peerId: carol, state: 'accepted' },
      ]),
    );
    // Printed once: the next listen starts from an empty inbox.
    await expect(access(path.join(workdir, 'bob', INBOX_FILE))).rejects.toThrow(/ENOENT/);
  }, 240_000);
});
