// The peers this `parley-node` follows (contact requests it sent or accepted), kept in contacts.json in its data
// folder: checked when read back, and added to one at a time.
import { z } from 'zod';
import { PeerIdSchema, type PeerId } from '../../shared/identity/peer-id';
import { createJsonFileStore } from '../main/json-file-store';

export interface ContactList {
  read(): Promise<readonly PeerId[]>;
  /** Adds `peer` unless listed. Calls run one after another: each reads what the one before wrote. */
  remember(peer: PeerId): Promise<void>;
}

export const createContactList = (file: string): ContactList => {
  const document = createJsonFileStore(file);
  const read = async (): Promise<readonly PeerId[]> => {
    const parsed = z.array(PeerIdSchema).safeParse((await document.read()) ?? []);
    if (!parsed.success) {
      throw new Error(`${file} is damaged: it should list peer IDs`);
    }
    return parsed.data;
  };
  // Two requests accepted together would each read the list, then each write it back without the other's peer.
  let remembering: Promise<void> = Promise.resolve();
  return {
    read,
    remember(peer) {
      const next = remembering.then(async () => {
        const contacts = await read();
        if (!contacts.includes(peer)) {
          await document.write([...contacts, peer]);
        }
      });
      remembering = next.catch(() => undefined);
      return next;
    },
  };
};
