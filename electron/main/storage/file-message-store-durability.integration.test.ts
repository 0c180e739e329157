// The file message store on a real folder: each change is on disk when its promise resolves, a failed write
// stops the store until reopened, and concurrent writes and refused records lose nothing.
import { mkdir, open, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { createMemoryMessageStore } from '../../../shared/messaging/memory-message-store';
import { messageId } from '../../../shared/messaging/testing/message-store-contract';
import { useStoreFolder } from './testing/store-folder';
import { BOB, idsUpTo, ME, message, observe, PEERS, send, workloadStep } from './testing/store-workload';

describe('file message store on disk', () => {
  const folder = useStoreFolder();
  const { openStore, crashCopy } = folder;

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
      const probe = await open(path.join(folder.directory, 'probe'), 'w');
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
      await mkdir(path.join(folder.directory, 'snapshot.log', 'in-the-way'), { recursive: true });
      await send(store, 1, BOB);
      await expect(send(store, 2, BOB)).rejects.toThrow();
      await expect(store.outbox(BOB, 10)).rejects.toThrow(/could not write .*; reopen it/);
      await store.close();
      await rm(path.join(folder.directory, 'snapshot.log'), { recursive: true });

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
});
