// The inbox on real files: what a command other than `listen` receives is on disk before the store has it, and
// the next `listen` reads it back from the store, in order, once each.
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PeerId } from '../../shared/identity/peer-id';
import type { Message } from '../../shared/messaging/message-format';
import { createMemoryMessageStore } from '../../shared/messaging/memory-message-store';
import type { MessageStore } from '../../shared/messaging/message-store';
import { messageId, textMessage } from '../../shared/messaging/testing/message-store-contract';
import { emptyInbox, INBOX_FILE, notingReceived, openInboxWriter, readInbox } from './inbox';

const ME = 'm'.repeat(32) as PeerId;
const BOB = 'b'.repeat(32) as PeerId;
const text = (n: number): Message => textMessage(n, BOB, ME, n);
const ids = (messages: readonly { message: Message }[]) => messages.map(({ message }) => message.id);

describe('inbox', () => {
  let directory = '';
  let file = '';
  beforeEach(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'parley-inbox-'));
    file = path.join(directory, INBOX_FILE);
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  const inboxText = () => readFile(file, 'utf8').catch(() => '');

  it('has each new message on disk before the store has it, and reads them back in the order received', async () => {
    const store = createMemoryMessageStore();
    const onDiskWhenStored: boolean[] = [];
    const watchedStore: MessageStore = {
      ...store,
      async receive(message, receivedAt, request) {
        onDiskWhenStored.push((await inboxText()).includes(message.id));
        return store.receive(message, receivedAt, request);
      },
    };
    const inbox = await openInboxWriter(file);
    const noting = notingReceived(watchedStore, inbox);
    await noting.receive(text(2), 10, true);
    await Promise.all([noting.receive(text(1), 20, false), noting.receive(text(3), 20, false)]);
    await inbox.close();
    expect(onDiskWhenStored).toEqual([true, true, true]);
    expect(await readInbox(file, store)).toEqual([
      { message: text(2), receivedAt: 10, request: true },
      { message: text(1), receivedAt: 20, request: false },
      { message: text(3), receivedAt: 20, request: false },
    ]);
  });

  it('notes neither a copy of a stored message nor what the user never sees as a message', async () => {
    const store = createMemoryMessageStore();
    const inbox = await openInboxWriter(file);
    const noting = notingReceived(store, inbox);
    await noting.receive(text(1), 10, false);
    await noting.receive(text(1), 11, false);
    await noting.receive({ ...text(2), t: 'read', body: { ids: [messageId(1)] } }, 12, false);
    await noting.receive({ ...text(3), t: 'profile', body: { displayName: 'Bob' } }, 13, false);
    await inbox.close();
    expect((await inboxText()).trim().split('\n')).toEqual([JSON.stringify({ id: messageId(1) })]);
  });

  it('leaves out what the store no longer holds, and names each message once', async () => {
    const store = createMemoryMessageStore();
    await store.receive(text(1), 10, false);
    await store.receive(text(2), 10, false);
    await store.deleteMessages([messageId(1)]);
    const line = (n: number) => `${JSON.stringify({ id: messageId(n) })}\n`;
    await writeFile(file, line(1) + line(2) + line(3) + line(2));
    expect(ids(await readInbox(file, store))).toEqual([messageId(2)]);
  });

  it('drops a last line cut short by a crash, and appends after it cleanly', async () => {
    const store = createMemoryMessageStore();
    await store.receive(text(1), 10, false);
    await writeFile(file, `${JSON.stringify({ id: messageId(1) })}\n{"id":"0190`);
    expect(ids(await readInbox(file, store))).toEqual([messageId(1)]);
    const inbox = await openInboxWriter(file);
    await notingReceived(store, inbox).receive(text(2), 20, false);
    await inbox.close();
    expect(ids(await readInbox(file, store))).toEqual([messageId(1), messageId(2)]);
  });

  it('refuses a damaged line, naming it', async () => {
    await writeFile(file, `${JSON.stringify({ id: messageId(1) })}\n`);
    await appendFile(file, 'not json\n');
    await expect(readInbox(file, createMemoryMessageStore())).rejects.toThrow(
      /inbox\.jsonl is damaged at line 2/,
    );
  });

  it('is empty once emptied, and when there never was one', async () => {
    const store = createMemoryMessageStore();
    expect(await readInbox(file, store)).toEqual([]);
    const inbox = await openInboxWriter(file);
    await notingReceived(store, inbox).receive(text(1), 10, false);
    await inbox.close();
    await emptyInbox(file);
    expect(await readInbox(file, store)).toEqual([]);
  });
});
