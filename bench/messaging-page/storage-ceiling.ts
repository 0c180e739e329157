// The ceiling storage puts on any archive that stores before it acknowledges: bare IndexedDB (no Dexie, no
// indexes) writing 1 KiB records, many per transaction, in a scratch database of this page's profile. The
// bench runs it on both pages at once, as Parley writes each message on both sides.
const SCRATCH_DB = 'parley-bench-storage-ceiling';
const PER_TRANSACTION = 500;

const openScratch = (): Promise<IDBDatabase> =>
  new Promise((resolve, reject) => {
    const request = indexedDB.open(SCRATCH_DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore('records', { keyPath: 'id' });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('open failed'));
  });

const writeTransaction = (db: IDBDatabase, from: number, count: number, body: string): Promise<void> =>
  new Promise((resolve, reject) => {
    const transaction = db.transaction('records', 'readwrite');
    const records = transaction.objectStore('records');
    for (let n = from; n < from + count; n += 1) {
      records.put({ id: n, sentAt: Date.now(), body });
    }
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error ?? new Error('transaction failed'));
  });

/** Writes `count` records of `size` characters; returns when it started and finished (Date.now()). */
export const storageCeiling = async (count: number, size: number) => {
  const db = await openScratch();
  const body = 'z'.repeat(size);
  const startedAt = Date.now();
  for (let at = 0; at < count; at += PER_TRANSACTION) {
    await writeTransaction(db, at, Math.min(PER_TRANSACTION, count - at), body);
  }
  const doneAt = Date.now();
  db.close();
  await new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(SCRATCH_DB);
    request.onsuccess = request.onerror = request.onblocked = resolve;
  });
  return { startedAt, doneAt };
};
