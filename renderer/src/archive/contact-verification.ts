// Verification is the user's statement "I compared this safety number with them": stored with the number itself,
// so it holds for that pair of keys only. The trust state (accepted, blocked…) is the message store's and is not
// touched here.
import type { PeerId } from '../../../shared/identity/peer-id';
import type { ArchiveDb, ContactRecord } from './archive-db';
import { lookAlikeReadings } from './look-alike-letters';

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
 * A name as an impersonator's copy of it would compare, word by word, each word in each of its readings: invisible
 * characters (zero-width spaces and joiners, soft hyphens, Hangul fillers: Unicode's default-ignorable code points,
 * and the blank braille pattern) dropped; folded as search folds words (case, accents, and letters such as ł or ø
 * that look alike but do not decompose), with look-alikes read as the Latin letters they are drawn like
 * (look-alike-letters.ts). Per word, since a capital I's two readings are a word's: "ivan lgnatov" is a copy of
 * "Ivan Ignatov" though no one reading of the whole name is.
 */
const nameWords = (name: string): string[][] =>
  name
    .replace(/[\p{Default_Ignorable_Code_Point}\u2800]/gu, '')
    .split(/\s+/u)
    .filter((word) => word !== '')
    .map((word) => lookAlikeReadings(word).map((reading) => reading.trim()));

/** Whether two names read alike: as many words, each pair with a reading in common. */
const readAlike = (a: readonly string[][], b: readonly string[][]): boolean =>
  a.length === b.length && a.every((readings, at) => readings.some((reading) => b[at]?.includes(reading)));

/** Whether a contact the user accepted, other than `peer`, goes by `displayName` (read alike: `nameWords`). */
export const hasNamesake = async (db: ArchiveDb, peer: PeerId, displayName: string): Promise<boolean> => {
  const wanted = nameWords(displayName);
  const accepted = await db.contacts.where('state').equals('accepted').toArray();
  return accepted.some(
    (contact) =>
      contact.peer !== peer &&
      contact.displayName !== undefined &&
      readAlike(nameWords(contact.displayName), wanted),
  );
};
