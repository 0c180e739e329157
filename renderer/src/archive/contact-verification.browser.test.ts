// A stranger taking an accepted contact's name is flagged (hasNamesake) however the copy is spelled: case,
// accents, look-alike letters without a decomposition (ł, ø), Cyrillic and Greek look-alikes, invisible
// characters, and doubled spaces.
import { describe, expect, it } from 'vitest';
import type { PeerId } from '../../../shared/identity/peer-id';
import { hasNamesake } from './contact-verification';
import { scratchDatabases } from './testing/scratch-databases';

const LUKASZ = 'l'.repeat(32) as PeerId;
const SOREN = 's'.repeat(32) as PeerId;
const STRANGER = 'x'.repeat(32) as PeerId;
const scratch = scratchDatabases('contact-verification');

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
});
