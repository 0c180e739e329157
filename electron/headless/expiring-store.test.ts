import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Message } from '../../shared/messaging/message-format';
import { BOB, LOCAL, textMessage } from '../../shared/messaging/testing/message-store-contract/samples';
import { createVirtualClock, type VirtualClock } from '../../shared/testing/virtual-clock';
import { openFileMessageStore, type FileMessageStore } from '../main/storage/file-message-store';
import { withExpiries } from './expiring-store';

const expiring = (message: Message, expiresAt: number): Message => ({ ...message, meta: { expiresAt } });

/**
 * Virtual time stands still while the store writes: a timer the schedule sets after a write, even one already
 * due, fires at the next advance. So this advances by nothing until `read` answers null.
 */
const erased = (clock: VirtualClock, read: () => Promise<unknown>) =>
  expect
    .poll(async () => {
      await clock.advance(0);
      return read();
    })
    .toBeNull();

describe('the headless peer erasing disappearing messages', () => {
  let directory = '';
  let files: FileMessageStore | null = null;
  beforeEach(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'parley-expiring-'));
  });
  afterEach(async () => {
    await files?.close();
    files = null;
    await rm(directory, { recursive: true, force: true });
  });

  it('erases a received or sent message when its expiry passes, and not before', async () => {
    const clock = createVirtualClock();
    files = await openFileMessageStore(directory);
    const errors: unknown[] = [];
    const { store, stop } = withExpiries(files, clock, (error) => errors.push(error));
    const received = expiring(textMessage(1, BOB, LOCAL, 1), clock.now() + 1_000);
    await store.receive(received, clock.now(), false);
    const sent = await store.createOutgoing(BOB, (seq) =>
      expiring(textMessage(2, LOCAL, BOB, seq), clock.now() + 5_000),
    );

    await clock.advance(999);
    expect(await store.incoming(received.id)).not.toBeNull();
    await clock.advance(2);
    await erased(clock, () => store.incoming(received.id));
    expect(await store.outgoing(sent.id)).not.toBeNull();
    await clock.advance(4_000);
    await erased(clock, () => store.outgoing(sent.id));
    stop();
    expect(errors).toEqual([]);
  });

  it('erases at start what expired while the peer was stopped', async () => {
    const clock = createVirtualClock();
    const before = await openFileMessageStore(directory);
    const received = expiring(textMessage(1, BOB, LOCAL, 1), clock.now() + 1_000);
    await before.receive(received, clock.now(), false);
    await before.close();

    await clock.advance(60_000);
    files = await openFileMessageStore(directory);
    const { store, stop } = withExpiries(files, clock, () => undefined);
    await erased(clock, () => store.incoming(received.id));
    stop();
  });
});
