// Messages that arrive while a command other than `listen` runs (add, accept and send are online, so they receive
// too): their IDs go to inbox.jsonl in the data folder, and the next `listen` prints them from the store first,
// then empties the file. An ID is written and flushed before its message is stored, and so before it is
// acknowledged: a message its sender counts as delivered is never one the user cannot see. Only the process that
// holds the message store's lock touches the file.
import { open, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { MessageIdSchema, type Message, type MessageId } from '../../shared/messaging/message-format';
import type { IncomingMessage, MessageStore } from '../../shared/messaging/message-store';
import { readIfPresent, syncDirectory } from '../main/storage/durable-files';

export const INBOX_FILE = 'inbox.jsonl';

const InboxLineSchema = z.object({ id: MessageIdSchema });

/** What the engine announces as received (incoming-messages.ts): receipts, deletions and names act on others. */
const isShownToUser = (message: Message): boolean =>
  message.t !== 'read' && message.t !== 'delete' && message.t !== 'profile';

export interface InboxWriter {
  /** Resolves once the ID is on disk. */
  add(id: MessageId): Promise<void>;
  /** Waits for the IDs being added, then closes the file. */
  close(): Promise<void>;
}

/** Lines end with a newline; a last line without one was cut short by a crash before it was flushed. */
const completeLines = (text: string): string[] => text.split('\n').slice(0, -1);

export const openInboxWriter = async (file: string): Promise<InboxWriter> => {
  const existing = (await readIfPresent(file)) ?? Buffer.alloc(0);
  const handle = await open(file, 'a', 0o600);
  // A line cut short would run into the next one appended.
  const complete = existing.lastIndexOf('\n') + 1;
  if (complete < existing.length) {
    await handle.truncate(complete);
  }
  await handle.sync();
  await syncDirectory(path.dirname(file));
  // One append at a time: concurrent appends to one handle could interleave with the flushes.
  let appending: Promise<void> = Promise.resolve();
  return {
    add(id) {
      const next = appending.then(async () => {
        await handle.appendFile(`${JSON.stringify({ id })}\n`);
        await handle.datasync();
      });
      appending = next.catch(() => undefined);
      return next;
    },
    async close() {
      await appending;
      await handle.close();
    },
  };
};

/**
 * `store`, noting in the inbox each new message the user would see before storing it. A message stored before
 * (a copy resent because our ack was lost) is not noted again: it was noted when it came first.
 */
export const notingReceived = (store: MessageStore, inbox: InboxWriter): MessageStore => ({
  ...store,
  async receive(message, receivedAt, request) {
    if (isShownToUser(message) && (await store.incoming(message.id)) === null) {
      await inbox.add(message.id);
    }
    return store.receive(message, receivedAt, request);
  },
});

/**
 * The messages the inbox names, in the order they came, each once; those no longer stored (deleted by their
 * sender since, or never stored because the process stopped first) are left out.
 */
export const readInbox = async (file: string, store: MessageStore): Promise<IncomingMessage[]> => {
  const text = (await readIfPresent(file))?.toString('utf8') ?? '';
  const ids = completeLines(text).map((line, index) => {
    let parsed;
    try {
      parsed = InboxLineSchema.safeParse(JSON.parse(line) as unknown);
    } catch {
      parsed = null;
    }
    if (!parsed?.success) {
      throw new Error(`${file} is damaged at line ${index + 1}; move it aside to listen without it`);
    }
    return parsed.data.id;
  });
  const messages = await Promise.all([...new Set(ids)].map((id) => store.incoming(id)));
  return messages.filter((message) => message !== null);
};

/** Empties the inbox, for good: once what it named has been printed. */
export const emptyInbox = async (file: string): Promise<void> => {
  await rm(file, { force: true });
  await syncDirectory(path.dirname(file));
};
