// The file message store on a real folder: the MessageStore contract (also while compacting all the time), then
// what only a file store has to get right: torn and damaged lines, compaction, crashes, size, and one owner.
import { spawnSync } from 'node:child_process';
import {
  appendFile,
  cp,
  mkdir,
  mkdtemp,
  open,
  readdir,
  readFile,
  rm,
  writeFile,
  type FileHandle,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import type { PeerId } from '../../../shared/identity/peer-id';
import { createMemoryMessageStore } from '../../../shared/messaging/memory-message-store';
import type { Message, MessageId } from '../../../shared/messaging/message-format';
import type { MessageStore } from '../../../shared/messaging/message-store';
import {
  describeMessageStoreContract,
  messageId,
  textMessage,
} from '../../../shared/messaging/testing/message-store-contract';
import {
  MessageStoreCorruptError,
  openFileMessageStore,
  type FileMessageStore,
  type FileMessageStoreOptions,
} from './file-message-store';

const contractFixture = (options: FileMessageStoreOptions) => async () => {
  const directory = await mkdtemp(path.join(tmpdir(), 'parley-messages-'));
  let current = await openFileMessageStore(directory, options);
  return {
    store: current,
    reopen: async () => {
      await current.close();
      current = await openFileMessageStore(directory, options);
      return current;
    },
    cleanup: async () => {
      await current.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
};

describeMessageStoreContract('file message store', contractFixture({}));
// Every write that takes the journal past the snapshot's size folds it into a new snapshot.
describeMessageStoreContract(
  'file message store, compacting constantly',
  contractFixture({ compactAtBytes: 1 }),
);

const ME = 'm'.repeat(32) as PeerId;
const BOB = 'b'.repeat(32) as PeerId;
const CAROL = 'c'.repeat(32) as PeerId;
const PEERS = [BOB, CAROL];

// Texts of varying length, so journal and snapshot lines differ in size.
const message = (n: number, from: PeerId, to: PeerId, seq: number): Message =>
  textMessage(n, from, to, seq, `message ${n}: ${'x'.repeat(n % 50)}`);
const send = (store: MessageStore, n: number, to: PeerId) =>
  store.createOutgoing(to, (seq) => message(n, ME, to, seq));

/** Everything a store answers about these peers and messages, for comparing two stores. */
const observe = async (store: MessageStore, ids: readonly MessageId[]) => ({
  outboxPeers: [...(await store.outboxPeers())].sort(),
  peers: await Promise.all(
    PEERS.map(async (peer) => ({
      outbox: await store.outbox(peer, 10_000),
      received: await store.receivedSequence(peer),
      contact: await store.contactState(peer),
    })),
  ),
  outgoing: await Promise.all(ids.map((id) => store.outgoing(id))),
  incoming: await Promise.all(ids.map((id) => store.incoming(id))),
});

/** Step `n` of a mixed workload: every kind of change, in the same way on every store given. */
const workloadStep = async (stores: readonly MessageStore[], n: number): Promise<void> => {
  const peer = PEERS[n % 2] ?? BOB;
  for (const store of stores) {
    if (n % 3 === 0) {
      await store.receive(message(n, peer, ME, Math.ceil(n / 3) + (n % 7 === 0 ? 2 : 0)), n, n % 5 === 0);
    } else {
      await send(store, n, peer);
    }
    if (n % 4 === 0) {
      await store.setStatus([messageId(n - 2)], n % 8 === 0 ? 'delivered' : 'failed', `reason ${n}`);
    }
    if (n % 9 === 0) {
      await store.deleteMessages([messageId(n - 6)]);
    }
    if (n % 25 === 0) {
      await store.setContactState(peer, n % 50 === 0 ? 'accepted' : 'blocked');
    }
  }
};

const idsUpTo = (count: number): MessageId[] => Array.from({ length: count }, (_, i) => messageId(i + 1));

describe('file message store on disk', () => {
  let directory: string;
  const opened: FileMessageStore[] = [];
  const openStore = async (options: FileMessageStoreOptions = {}, folder = directory) => {
    const store = await openFileMessageStore(folder, options);
    opened.push(store);
    return store;
  };
  const journalPath = async (folder = directory): Promise<string> => {
    const name = (await readdir(folder)).find((file) => /^journal-\d+\.log$/.test(file));
    if (!name) {
      throw new Error('no journal');
    }
    return path.join(folder, name);
  };
  /** The folder as a process killed right now would leave it (the lock is its own; see the lock tests). */
  const crashCopy = async (): Promise<string> => {
    const copy = await mkdtemp(path.join(tmpdir(), 'parley-crash-'));
    await cp(directory, copy, { recursive: true, filter: (source) => path.basename(source) !== 'LOCK' });
    return copy;
  };

  beforeEach(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'parley-messages-'));
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
    await rm(directory, { recursive: true, force: true });
  });

  describe('torn and damaged lines', () => {
    it.each([
      ['half a line', (line: Buffer) => line.subarray(0, Math.floor(line.length / 2))],
      ['a whole line without its newline', (line: Buffer) => line.subarray(0, line.length - 1)],
      ['zeros where a line was going', (line: Buffer) => Buffer.alloc(line.length)],
      [
        'a line ending in garbage',
        (line: Buffer) => Buffer.concat([line.subarray(0, 20), Buffer.from('#\n')]),
      ],
    ])('ignores a torn last journal line (%s) and appends after it cleanly', async (_name, tear) => {
      const store = await openStore();
      await send(store, 1, BOB);
      await send(store, 2, BOB);
      await store.close();
      const lines = (await readFile(await journalPath())).toString('utf8').split(/(?<=\n)/);
      await appendFile(await journalPath(), tear(Buffer.from(lines.at(-1) ?? '')));

      const reopened = await openStore();
      expect((await reopened.outbox(BOB, 10)).map((m) => m.seq)).toEqual([1, 2]);
      await send(reopened, 3, BOB);
      await reopened.close();
      expect((await (await openStore()).outbox(BOB, 10)).map((m) => m.seq)).toEqual([1, 2, 3]);
    });

    it('cuts a torn line off on open, so later appends follow a whole line', async () => {
      const store = await openStore();
      await send(store, 1, BOB);
      await store.close();
      const journal = await journalPath();
      const whole = (await readFile(journal)).length;
      await appendFile(journal, 'deadbeef {"type":"comm');
      await (await openStore()).close();
      expect((await readFile(journal)).length).toBe(whole);
    });

    it('keeps the state before the last write, wherever in that write a crash cuts the journal', async () => {
      const store = await openStore();
      await send(store, 1, BOB);
      const before = await readFile(await journalPath());
      await store.setStatus([messageId(1)], 'failed', 'expired');
      await store.close();
      const after = await readFile(await journalPath());
      expect(after.length).toBeGreaterThan(before.length + 1);
      for (let cut = before.length; cut < after.length; cut += 1) {
        await writeFile(await journalPath(), after.subarray(0, cut));
        const reopened = await openStore();
        expect(await reopened.outgoing(messageId(1))).toEqual({
          message: message(1, ME, BOB, 1),
          status: 'pending',
        });
        await reopened.close();
      }
      await writeFile(await journalPath(), after);
      expect((await (await openStore()).outgoing(messageId(1)))?.status).toBe('failed');
    });

    it('refuses to open when a line in the middle is damaged, and changes nothing', async () => {
      const store = await openStore();
      for (let n = 1; n <= 5; n += 1) {
        await send(store, n, BOB);
      }
      await store.close();
      const journal = await journalPath();
      const bytes = await readFile(journal);
      bytes[bytes.indexOf('message 2:')] = 'M'.charCodeAt(0);
      await writeFile(journal, bytes);

      const opening = openFileMessageStore(directory);
      await expect(opening).rejects.toThrow(MessageStoreCorruptError);
      await expect(opening).rejects.toThrow(/journal-0\.log line 3: checksum mismatch/);
      expect(await readFile(journal)).toEqual(bytes);
      // The lock was released: trying again gives the same answer, not "in use".
      await expect(openFileMessageStore(directory)).rejects.toThrow(/line 3: checksum mismatch/);
    });

    it('refuses a line whose checksum holds but whose record is invalid', async () => {
      const store = await openStore();
      await send(store, 1, BOB);
      await send(store, 2, BOB);
      await store.close();
      const journal = await journalPath();
      const lines = (await readFile(journal, 'utf8')).split('\n');
      const json = (lines[1] ?? '').slice(9).replace(messageId(1), 'not-a-message-id');
      lines[1] = `${crc32(json).toString(16).padStart(8, '0')} ${json}`;
      await writeFile(journal, lines.join('\n'));

      await expect(openFileMessageStore(directory)).rejects.toThrow(
        /line 2: invalid record \(ops\.0\.message/,
      );
    });

    it('refuses to open when the snapshot is damaged', async () => {
      const store = await openStore();
      await send(store, 1, BOB);
      await send(store, 2, BOB);
      await store.close();
      // The first write folds both messages and the contact into a snapshot: header, 2 messages, contact, end.
      const compacting = await openStore({ compactAtBytes: 1 });
      await compacting.setContactState(CAROL, 'blocked');
      await compacting.close();
      const snapshot = path.join(directory, 'snapshot.log');
      const text = await readFile(snapshot, 'utf8');
      await writeFile(snapshot, text.replace('"seq":2', '"seq":3'));

      await expect(openFileMessageStore(directory)).rejects.toThrow(
        /snapshot\.log line 3: checksum mismatch/,
      );
      const lines = text.split(/(?<=\n)/);
      await writeFile(snapshot, [...lines.slice(0, 2), ...lines.slice(3)].join(''));
      await expect(openFileMessageStore(directory)).rejects.toThrow(
        /line 4: records missing before the end line/,
      );
      await writeFile(snapshot, lines.slice(0, -2).join(''));
      await expect(openFileMessageStore(directory)).rejects.toThrow(
        /snapshot\.log: it ends before its end line/,
      );
    });

    it('refuses to open when the journal a snapshot names is missing', async () => {
      const store = await openStore({ compactAtBytes: 1 });
      await send(store, 1, BOB);
      await store.close();
      await rm(await journalPath());
      await expect(openFileMessageStore(directory)).rejects.toThrow(
        /is missing, though snapshot\.log names it/,
      );
    });
  });

  describe('compaction', () => {
    it('keeps everything through many compactions', async () => {
      const memory = createMemoryMessageStore();
      const store = await openStore({ compactAtBytes: 4096 });
      for (let n = 1; n <= 300; n += 1) {
        await workloadStep([memory, store], n);
      }
      const ids = idsUpTo(300);
      const expected = await observe(memory, ids);
      expect(await observe(store, ids)).toEqual(expected);
      await store.close();

      const files = await readdir(directory);
      const journals = files.filter((file) => file.startsWith('journal-'));
      expect(journals).toHaveLength(1);
      expect(Number(/\d+/.exec(journals[0] ?? '')?.[0])).toBeGreaterThan(3);
      expect(files.sort()).toEqual(['snapshot.log', ...journals].sort());
      const reopened = await openStore();
      expect(await observe(reopened, ids)).toEqual(expected);
      // Deleted messages are still known after being folded into snapshots: offered again, they are duplicates.
      for (let n = 3; n <= 300; n += 3) {
        const again = message(n, PEERS[n % 2] ?? BOB, ME, 1);
        expect(await reopened.receive(again, 0, false)).toBe(await memory.receive(again, 0, false));
        expect(await reopened.incoming(again.id)).toEqual(await memory.incoming(again.id));
      }
    });

    it('opens after a compaction cut short, ignoring the old journal, a half snapshot and the next journal', async () => {
      const store = await openStore();
      await send(store, 1, BOB);
      await store.setStatus([messageId(1)], 'sent');
      await store.close();
      const firstJournal = await readFile(path.join(directory, 'journal-0.log'));

      const compacting = await openStore({ compactAtBytes: 1 });
      await send(compacting, 2, BOB);
      await compacting.close();
      expect((await readdir(directory)).sort()).toEqual(['journal-1.log', 'snapshot.log']);
      // As if the crash came after the snapshot was renamed into place but before the old journal was removed,
      // with a leftover temporary snapshot and the next journal already created.
      await writeFile(path.join(directory, 'journal-0.log'), firstJournal);
      await writeFile(path.join(directory, 'snapshot.log.1234.tmp'), 'half a snapshot');
      await writeFile(
        path.join(directory, 'journal-2.log'),
        (await readFile(path.join(directory, 'journal-1.log'), 'utf8')).split('\n')[0] ?? '',
      );

      const reopened = await openStore();
      expect((await reopened.outbox(BOB, 10)).map((m) => [m.seq, m.id])).toEqual([
        [1, messageId(1)],
        [2, messageId(2)],
      ]);
      expect((await reopened.outgoing(messageId(1)))?.status).toBe('sent');
      expect((await readdir(directory)).sort()).toEqual(['LOCK', 'journal-1.log', 'snapshot.log']);
    });
  });

  describe('durability', () => {
    it('has each change on disk when its promise resolves: a copy taken then opens to it', async () => {
      const memory = createMemoryMessageStore();
      // No compaction here: with nothing left running once a change resolves, the copy is a point-in-time image.
      const store = await openStore();
      for (let n = 1; n <= 60; n += 1) {
        await workloadStep([memory, store], n);
        const copy = await crashCopy();
        try {
          const recovered = await openStore({}, copy);
          expect(await observe(recovered, idsUpTo(n))).toEqual(await observe(memory, idsUpTo(n)));
          await recovered.close();
        } finally {
          await rm(copy, { recursive: true, force: true });
        }
      }
    });

    it('resolves each change only after its journal line is written and flushed', async () => {
      const probe = await open(path.join(directory, 'probe'), 'w');
      const handles = Object.getPrototypeOf(probe) as FileHandle;
      await probe.close();
      let appended = 0;
      let flushedUpTo = 0;
      // The originals, taken off the prototype to be called on each handle.
      const original = <K extends 'appendFile' | 'datasync'>(name: K) =>
        Object.getOwnPropertyDescriptor(handles, name)?.value as FileHandle[K];
      const realAppend = original('appendFile');
      const realDatasync = original('datasync');
      const appendSpy = vi.spyOn(handles, 'appendFile').mockImplementation(async function (
        this: FileHandle,
        ...args: Parameters<FileHandle['appendFile']>
      ) {
        await realAppend.apply(this, args);
        appended += 1;
      });
      const datasyncSpy = vi.spyOn(handles, 'datasync').mockImplementation(async function (this: FileHandle) {
        const before = appended;
        await realDatasync.apply(this);
        flushedUpTo = before;
      });
      onTestFinished(() => {
        appendSpy.mockRestore();
        datasyncSpy.mockRestore();
      });

      const store = await openStore();
      const changes = [
        () => send(store, 1, BOB),
        () => store.setStatus([messageId(1)], 'sent'),
        () => store.receive(message(2, BOB, ME, 1), 0, false),
        () => store.markSeen(BOB, 3),
        () => store.deleteMessages([messageId(2)]),
        () => store.setContactState(BOB, 'accepted'),
      ];
      for (const change of changes) {
        const appendedBefore = appended;
        await change();
        expect(appended).toBe(appendedBefore + 1);
        expect(flushedUpTo).toBe(appended);
      }
    });

    it('stops after a failed write, keeping what was written, until reopened', async () => {
      const store = await openStore({ compactAtBytes: 1 });
      // A folder where the snapshot goes makes the compaction after the next write fail.
      await mkdir(path.join(directory, 'snapshot.log', 'in-the-way'), { recursive: true });
      await send(store, 1, BOB);
      await expect(send(store, 2, BOB)).rejects.toThrow();
      await expect(store.outbox(BOB, 10)).rejects.toThrow(/could not write .*; reopen it/);
      await store.close();
      await rm(path.join(directory, 'snapshot.log'), { recursive: true });

      const reopened = await openStore();
      expect((await reopened.outbox(BOB, 10)).map((m) => m.id)).toEqual([messageId(1)]);
    });

    it('keeps 2,000 messages written concurrently', async () => {
      const store = await openStore();
      const sent = await Promise.all(
        Array.from({ length: 1_000 }, (_, i) => send(store, i + 1, PEERS[i % 2] ?? BOB)),
      );
      const received = await Promise.all(
        Array.from({ length: 1_000 }, (_, i) =>
          store.receive(message(1_001 + i, PEERS[i % 2] ?? BOB, ME, Math.floor(i / 2) + 1), i, false),
        ),
      );
      expect(received.every((outcome) => outcome === 'stored')).toBe(true);
      await store.close();

      const reopened = await openStore();
      for (const peer of PEERS) {
        expect((await reopened.outbox(peer, 2_000)).map((m) => m.seq)).toEqual(
          Array.from({ length: 500 }, (_, i) => i + 1),
        );
        expect(await reopened.receivedSequence(peer)).toEqual({ upTo: 500, above: [] });
      }
      for (const message of sent) {
        expect(await reopened.outgoing(message.id)).toEqual({ message, status: 'pending' });
      }
      for (let n = 1_001; n <= 2_000; n += 1) {
        expect((await reopened.incoming(messageId(n)))?.message.id).toBe(messageId(n));
      }
    });

    it('refuses a record it could not read back, and stays usable', async () => {
      const store = await openStore();
      await expect(
        store.createOutgoing(BOB, (seq) => {
          const empty = message(1, ME, BOB, seq);
          return empty.t === 'text' ? { ...empty, body: { text: '' } } : empty;
        }),
      ).rejects.toThrow(/refuses a created record: invalid record \(message/);
      await expect(store.receive(message(2, BOB, ME, 1), Number.NaN, false)).rejects.toThrow(/receivedAt/);
      expect((await send(store, 3, BOB)).seq).toBe(1);
      await store.close();
      expect((await (await openStore()).outbox(BOB, 10)).map((m) => m.id)).toEqual([messageId(3)]);
    });

    it('rejects calls once closed', async () => {
      const store = await openStore();
      await store.close();
      await expect(store.outbox(BOB, 10)).rejects.toThrow('The message store is closed.');
      await expect(send(store, 1, BOB)).rejects.toThrow('The message store is closed.');
    });
  });

  describe('one owner', () => {
    it('refuses a second open of a folder in use, until the first closes', async () => {
      const first = await openStore();
      await expect(openFileMessageStore(directory)).rejects.toThrow(/is in use by process \d+ \(this one\)/);
      await first.close();
      await openStore();
    });

    it('takes over the lock of a process that has exited', async () => {
      const exited = spawnSync(process.execPath, ['-e', '']);
      await writeFile(
        path.join(directory, 'LOCK'),
        JSON.stringify({ pid: exited.pid, token: 'a crashed process', bootId: null }),
      );
      const store = await openStore();
      await send(store, 1, BOB);
      expect(JSON.parse(await readFile(path.join(directory, 'LOCK'), 'utf8'))).toMatchObject({
        pid: process.pid,
      });
    });
  });
});
