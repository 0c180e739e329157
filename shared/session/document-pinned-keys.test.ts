import { describe, expect, it } from 'vitest';
import { createMemoryDocumentStore } from '../testing/memory-ports';
import { createDocumentPinnedKeys } from './document-pinned-keys';

const key = (byte: number) => new Uint8Array(32).fill(byte);

describe('pinned keys in a document', () => {
  it('keeps every pin when several are made at once (sessions settling together)', async () => {
    const pins = createDocumentPinnedKeys(createMemoryDocumentStore());
    const peers = ['peer-a', 'peer-b', 'peer-c', 'peer-d'];
    await Promise.all(peers.map((peer, index) => pins.pin(peer, key(index + 1))));
    for (const [index, peer] of peers.entries()) {
      expect(await pins.get(peer)).toEqual(key(index + 1));
    }
  });

  it('goes on pinning after a write failed', async () => {
    const store = createMemoryDocumentStore();
    let failNext = true;
    const pins = createDocumentPinnedKeys({
      read: () => store.read(),
      write: (next) => {
        if (failNext) {
          failNext = false;
          return Promise.reject(new Error('disk full'));
        }
        return store.write(next);
      },
    });
    await expect(pins.pin('peer-a', key(1))).rejects.toThrow('disk full');
    await pins.pin('peer-b', key(2));
    expect(await pins.get('peer-a')).toBeNull();
    expect(await pins.get('peer-b')).toEqual(key(2));
  });

  it('counts a damaged document as no pins', async () => {
    const pins = createDocumentPinnedKeys(createMemoryDocumentStore({ 'peer-a': 42 }));
    expect(await pins.get('peer-a')).toBeNull();
  });
});
