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
 * A name as an impersonator's copy of it would compare, in each of its readings: invisible characters (zero-width
 * spaces and joiners, soft hyphens, Hangul fillers: Unicode's default-ignorable code points, and the blank braille
 * pattern) dropped; folded as search folds words (case, accents, and letters such as ł or ø that look alike but do
 * not decompose), with look-alikes read as the Latin letters they are drawn like (look-alike-letters.ts); runs of
 * spaces counted as one.
 */
const nameKeys = (name: string): string[] =>
  lookAlikeReadings(name.replace(/[\p{Default_Ignorable_Code_Point}\u2800]/gu, '')).map((reading) =>
    reading.trim().replace(/\s+/gu, ' '),
  );

/** Whether a contact the user accepted, other than `peer`, goes by `displayName` (a reading in common: `nameKeys`). */
export const hasNamesake = async (db: ArchiveDb, peer: PeerId, displayName: string): Promise<boolean> => {
  const wanted = new Set(nameKeys(displayName));
  const accepted = await db.contacts.where('state').equals('accepted').toArray();
  return accepted.some(
    (contact) =>
      contact.peer !== peer &&
      contact.displayName !== undefined &&
      nameKeys(contact.displayName).some((key) => wanted.has(key)),
  );
};
