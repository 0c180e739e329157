// parley-node's list of contacts on a real file: every peer added stays on it, however the additions overlap.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PeerId } from '../../shared/identity/peer-id';
import { createContactList } from './contact-list';

const peer = (n: number): PeerId =>
  `${'a'.repeat(30)}${String.fromCharCode(97 + Math.floor(n / 26))}${String.fromCharCode(97 + (n % 26))}` as PeerId;

describe('contact list', () => {
  let directory = '';
  let file = '';
  beforeEach(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'parley-contacts-'));
    file = path.join(directory, 'contacts.json');
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('keeps every peer remembered at the same time', async () => {
    const contacts = createContactList(file);
    const peers = Array.from({ length: 20 }, (_, n) => peer(n));
    await Promise.all(peers.map((each) => contacts.remember(each)));
    expect([...(await contacts.read())].sort()).toEqual(peers);
    expect(JSON.parse(await readFile(file, 'utf8'))).toHaveLength(20);
  });

  it('lists a peer once, however often remembered', async () => {
    const contacts = createContactList(file);
    await Promise.all([contacts.remember(peer(1)), contacts.remember(peer(1))]);
    await contacts.remember(peer(1));
    expect(await contacts.read()).toEqual([peer(1)]);
  });

  it('refuses a file that does not list peer IDs, and remembers nothing into it', async () => {
    await writeFile(file, JSON.stringify(['not a peer']));
    const contacts = createContactList(file);
    await expect(contacts.read()).rejects.toThrow(/contacts\.json is damaged/);
    await expect(contacts.remember(peer(1))).rejects.toThrow(/is damaged/);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(['not a peer']);
  });
});
