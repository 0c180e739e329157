// The outbox is an index, not a table (schema v8): the status records of messages waiting for their ack carry
// `queued: 1`, and the statuses' index `[queued+to+seq]` holds only those, per recipient in sequence order. So a
// message enters the outbox with the status record written anyway, and leaves it with the one status write
// its ack makes.
import type { Collection, InsertType } from 'dexie';
import type { PeerId } from '../../../shared/identity/peer-id';
import type { MessageId } from '../../../shared/messaging/message-format';
import type { ArchiveDb, StatusRecord } from './archive-db';

const OUTBOX = '[queued+to+seq]';

/** The status records in `to`'s outbox above `afterSeq`, lowest sequence number first. */
export const queuedTo = (
  db: ArchiveDb,
  to: PeerId,
  afterSeq = 0,
): Collection<StatusRecord, MessageId, InsertType<StatusRecord, 'id'>> =>
  db.statuses.where(OUTBOX).between([1, to, afterSeq + 1], [1, to, Infinity], true, true);

/** Peers with anything in their outbox: one request per peer, however many messages wait. */
export const outboxPeers = async (db: ArchiveDb): Promise<PeerId[]> => {
  const peers: PeerId[] = [];
  let next = await db.statuses.orderBy(OUTBOX).first();
  while (next?.to !== undefined) {
    peers.push(next.to);
    // Past every sequence number of this peer: the first record of the next one.
    next = await db.statuses.where(OUTBOX).above([1, next.to, Infinity]).first();
  }
  return peers;
};

/** Takes everything waiting for `to` out of the outbox (their statuses stay as they were). */
export const leaveOutbox = (db: ArchiveDb, to: PeerId): Promise<number> =>
  queuedTo(db, to, -Infinity).modify((record: { queued?: 1 }) => {
    delete record.queued;
  });
