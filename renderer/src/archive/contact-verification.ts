// Verification is the user's statement "I compared this safety number with them": stored with the number itself,
// so it holds for that pair of keys only. The trust state (accepted, blocked…) is the message store's and is not
// touched here.
import type { PeerId } from '../../../shared/identity/peer-id';
import type { ArchiveDb, ContactRecord } from './archive-db';
import { foldWordFully } from './search/text-folding';

export type VerificationState = 'unverified' | 'verified' | 'changed';

/** Where a contact stands, given the safety number the host computes now (null while it is unknown). */
export const verificationOf = (
  contact: Pick<ContactRecord, 'verifiedSafetyNumber'> | undefined,
  current: string | null,
): VerificationState => {
  const verified = contact?.verifiedSafetyNumber;
  if (verified === undefined) {
    return 'unverified';
  }
  return current === null || current === verified ? 'verified' : 'changed';
};

export const markVerified = async (db: ArchiveDb, peer: PeerId, safetyNumber: string, now: number) => {
  await db.contacts.update(peer, { verifiedSafetyNumber: safetyNumber, verifiedAt: now });
};

export const clearVerification = async (db: ArchiveDb, peer: PeerId) => {
  await db.contacts.update(peer, { verifiedSafetyNumber: undefined, verifiedAt: undefined });
};

/**
 * Cyrillic and Greek letters drawn like Latin ones in common fonts, mapped to those (a small part of Unicode's
 * confusables, UTS #39, covering the letters impersonators use in Latin names). Capitals are mapped before
 * the fold lowercases them: Cyrillic "Т" looks like "T", its lower case "т" like no Latin letter.
 */
const LOOK_ALIKE_CAPITALS: Readonly<Record<string, string>> = {
  А: 'A',
  В: 'B',
  Е: 'E',
  К: 'K',
  М: 'M',
  Н: 'H',
  О: 'O',
  Р: 'P',
  С: 'C',
  Т: 'T',
  Х: 'X',
  У: 'Y',
  Ѕ: 'S',
  І: 'I',
  Ј: 'J',
  Α: 'A',
  Β: 'B',
  Ε: 'E',
  Ζ: 'Z',
  Η: 'H',
  Ι: 'I',
  Κ: 'K',
  Μ: 'M',
  Ν: 'N',
  Ο: 'O',
  Ρ: 'P',
  Τ: 'T',
  Υ: 'Y',
  Χ: 'X',
};
const LOOK_ALIKE_SMALL: Readonly<Record<string, string>> = {
  а: 'a',
  е: 'e',
  о: 'o',
  р: 'p',
  с: 'c',
  у: 'y',
  х: 'x',
  і: 'i',
  ј: 'j',
  ѕ: 's',
  һ: 'h',
  ԁ: 'd',
  ԛ: 'q',
  ԝ: 'w',
  ӏ: 'l',
  ο: 'o',
  ν: 'v',
  ρ: 'p',
  ι: 'i',
};
const lookAlikes = (table: Readonly<Record<string, string>>) => {
  const pattern = new RegExp(`[${Object.keys(table).join('')}]`, 'gu');
  return (text: string): string => text.replace(pattern, (letter) => table[letter] ?? letter);
};
const latinCapitals = lookAlikes(LOOK_ALIKE_CAPITALS);
const latinSmall = lookAlikes(LOOK_ALIKE_SMALL);

/**
 * A name as an impersonator's copy of it would compare: invisible characters (zero-width spaces and joiners,
 * soft hyphens, Hangul fillers: Unicode's default-ignorable code points, and the blank braille pattern) dropped;
 * Cyrillic and Greek look-alikes read as Latin; folded as search folds words (case, accents, and letters such as
 * ł or ø that look alike but do not decompose); runs of spaces counted as one.
 */
const nameKey = (name: string): string =>
  latinSmall(foldWordFully(latinCapitals(name.replace(/[\p{Default_Ignorable_Code_Point}\u2800]/gu, ''))))
    .trim()
    .replace(/\s+/gu, ' ');

/** Whether a contact the user accepted, other than `peer`, goes by `displayName` (compared as `nameKey`). */
export const hasNamesake = async (db: ArchiveDb, peer: PeerId, displayName: string): Promise<boolean> => {
  const wanted = nameKey(displayName);
  const accepted = await db.contacts.where('state').equals('accepted').toArray();
  return accepted.some(
    (contact) =>
      contact.peer !== peer && contact.displayName !== undefined && nameKey(contact.displayName) === wanted,
  );
};
