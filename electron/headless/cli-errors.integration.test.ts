// How `parley-node` ends when it cannot do what it was asked: a usage mistake exits with 2, anything else with 1,
// each said in one line on stderr (never a stack trace), as `--help` and the README promise.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openFileMessageStore } from '../main/storage/file-message-store';
import { runParleyNode, type Finished } from './testing/parley-node-process';

const PEER = 'a'.repeat(32);

const expectOneLineError = (finished: Finished, code: number, message: RegExp): void => {
  expect(finished.code).toBe(code);
  expect(finished.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(finished.stderr).toMatch(/^parley-node: /);
  expect(finished.stderr).toMatch(message);
  expect(finished.stdout).toBe('');
};

describe('parley-node errors', () => {
  let dataDir = '';
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'parley-node-errors-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });
  const parleyNode = (...args: string[]) => runParleyNode(['--data', dataDir, ...args]);

  it.each([
    ['an unknown option', ['contacts', '--bogus'], /Unknown option '--bogus'/],
    ["a text starting with '-' that is not after --", ['send', PEER, '-1'], /Unknown option '-1'.*'--'/],
    ['an unknown command', ['frobnicate'], /unknown command frobnicate/],
    ['no command', [], /no command/],
    ['a missing peer ID', ['add'], /a peer ID is missing/],
    ['a missing text', ['send', PEER], /send needs a text/],
    ['a malformed peer ID', ['send', 'not-a-peer', 'hello'], /not a peer ID: not-a-peer/],
    ['an option without its value', ['contacts', '--data'], /argument missing/],
    ['a timeout that is not whole milliseconds', ['--timeout', '30s', 'contacts'], /--timeout takes/],
  ])('exits with 2 on %s, saying so in one line', async (_case, args, message) => {
    expectOneLineError(await parleyNode(...args), 2, message);
  });

  it('exits with 1 when another process holds the message store, naming it in one line', async () => {
    const store = await openFileMessageStore(path.join(dataDir, 'messages'));
    try {
      expectOneLineError(
        await parleyNode('contacts'),
        1,
        new RegExp(`is in use by process ${process.pid}\\b`),
      );
    } finally {
      await store.close();
    }
  });

  it('exits with 1 when the message store is damaged, naming the file in one line', async () => {
    await mkdir(path.join(dataDir, 'messages'));
    await writeFile(path.join(dataDir, 'messages', 'snapshot.log'), 'not a snapshot\n');
    expectOneLineError(await parleyNode('contacts'), 1, /snapshot\.log/);
  });
});
