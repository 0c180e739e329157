// Pinned signing keys kept in a JSON document ({ peerId: base64 SPKI }); damaged data counts as no pins.
import { base64ToBytes, bytesToBase64 } from '../encoding/bytes';
import type { DocumentStore } from '../ports/document-store';
import { z } from 'zod';
import type { PinnedKeys } from './session-service';

const PinsSchema = z.record(z.string(), z.string());

export const createDocumentPinnedKeys = (store: DocumentStore): PinnedKeys => {
  const read = async (): Promise<Record<string, string>> => {
    const parsed = PinsSchema.safeParse(await store.read());
    return parsed.success ? parsed.data : {};
  };
  // A pin rewrites the whole document: pins run one at a time, or sessions settling together (a start-up dials
  // several contacts at once) would each write back a document without the others' pins.
  let pinning: Promise<unknown> = Promise.resolve();
  return {
    async get(peerId) {
      const pinned = (await read())[peerId];
      return pinned === undefined ? null : base64ToBytes(pinned);
    },
    pin(peerId, signingKey) {
      const pinned = pinning.then(async () => {
        await store.write({ ...(await read()), [peerId]: bytesToBase64(signingKey) });
      });
      pinning = pinned.catch(() => undefined);
      return pinned;
    },
  };
};
