// A stranger taking an accepted contact's name is flagged (hasNamesake) however the copy is spelled: case,
// accents, look-alike letters without a decomposition (ł, ø), Cyrillic and Greek look-alikes, digits and symbols
// drawn like letters, a capital I for a small l, rn for m, invisible characters, and doubled spaces; names that
// merely share letters are not.
import { describe, expect, it } from 'vitest';
import type { PeerId } from '../../../shared/identity/peer-id';
import type { ArchiveDb } from './archive-db';
import { hasNamesake } from './contact-verification';
import { scratchDatabases } from './testing/scratch-databases';

const LUKASZ = 'l'.repeat(32) as PeerId;
const SOREN = 's'.repeat(32) as PeerId;
const STRANGER = 'x'.repeat(32) as PeerId;
const scratch = scratchDatabases('contact-verification');

/** An archive whose accepted contacts go by `names`. */
const acceptedContacts = async (...names: string[]): Promise<ArchiveDb> => {
  const db = await scratch.archive();
  await db.contacts.bulkAdd(
    names.map((displayName, at) => ({
      peer: String(at).repeat(32) as PeerId,
      state: 'accepted',
      displayName,
    })),
  );
  return db;
};

describe('namesakes', () => {
  it('flags a copy of an accepted contact’s name, spelled any way that reads the same', async () => {
    const db = await scratch.archive();
    await db.contacts.bulkAdd([
      { peer: LUKASZ, state: 'accepted', displayName: 'Łukasz Nowak' },
      { peer: SOREN, state: 'requested-by-them', displayName: 'Søren' },
    ]);
    const invisible = [
      'Łu\u200bkasz Nowak',
      'Łukasz\u00ad Nowak',
      '\u200dŁukasz Nowak\ufeff',
      'Łukasz Nowak\u3164',
      '\u2800Łukasz Nowak',
    ];
    // Cyrillic а and о; a Greek capital Ν; a Cyrillic capital К.
    const lookAlike = ['Łukasz Nоwаk', 'ŁUKASZ ΝOWAK', 'ŁUKASZ NOWAК'];
    for (const copy of [
      'Łukasz Nowak',
      'lukasz nowak',
      'LUKASZ  NOWAK',
      ' Łukász Nowak ',
      ...invisible,
      ...lookAlike,
    ]) {
      expect(await hasNamesake(db, STRANGER, copy)).toBe(true);
    }
    // A different name; the contact's own name; a name only a request (not a contact) goes by.
    expect(await hasNamesake(db, STRANGER, 'Lukas Nowak')).toBe(false);
    expect(await hasNamesake(db, LUKASZ, 'Łukasz Nowak')).toBe(false);
    expect(await hasNamesake(db, STRANGER, 'Soren')).toBe(false);
  });

  it('reads digits and a vertical line drawn like letters as those letters', async () => {
    const db = await acceptedContacts('John', 'Alice');
    // Fullwidth J and 0; a mathematical bold 1.
    for (const copy of ['J0hn', 'A1ice', 'A|ice', '\uFF2A\uFF10hn', 'A\u{1D7CF}ice']) {
      expect(await hasNamesake(db, STRANGER, copy)).toBe(true);
    }
  });

  it('reads m as the r and n it is drawn like, wherever the pair falls', async () => {
    const db = await acceptedContacts('Kim', 'Arnold', 'Emma');
    for (const copy of ['Kirn', 'KIRN', 'Amold', 'Ernrna', 'Ernma', 'Emrna']) {
      expect(await hasNamesake(db, STRANGER, copy)).toBe(true);
    }
  });

  it('reads a capital I as the small l it is drawn like, and still folds its case', async () => {
    const db = await acceptedContacts('Ian', 'Ivan Kim');
    for (const copy of ['lan', 'LAN', 'ivan kirn', 'lvan Kirn']) {
      expect(await hasNamesake(db, STRANGER, copy)).toBe(true);
    }
    // The other way round: a contact's small l copied as a capital I, Latin or Greek (Ι).
    const lan = await acceptedContacts('lan');
    expect(await hasNamesake(lan, STRANGER, 'Ian')).toBe(true);
    expect(await hasNamesake(lan, STRANGER, '\u0399an')).toBe(true);
    // A small i has a dot: "ian" is told apart from "lan".
    expect(await hasNamesake(lan, STRANGER, 'ian')).toBe(false);
    // Each word's capital I is read on its own: one copied as l, another lowercased.
    const ivan = await acceptedContacts('Ivan Ignatov');
    for (const copy of ['ivan lgnatov', 'lvan ignatov', 'Ivan lgnatov']) {
      expect(await hasNamesake(ivan, STRANGER, copy)).toBe(true);
    }
    expect(await hasNamesake(ivan, STRANGER, 'Ivan')).toBe(false);
  });

  it('tells apart names that merely share letters', async () => {
    const db = await acceptedContacts('Anna', 'Maria');
    for (const other of ['Anne', 'Marta', 'Mario', 'Anka']) {
      expect(await hasNamesake(db, STRANGER, other)).toBe(false);
    }
  });
});
