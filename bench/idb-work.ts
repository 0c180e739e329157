// IndexedDB work per message over one phase of a bench, from two snapshots of a page's counts
// (messaging-page/idb-requests.ts): read-write transactions, requests of every kind, and each kind on its own.
import type { IdbRequestCounts } from './messaging-page/idb-requests';

export interface IdbWorkPerMessage {
  readonly readwriteTransactions: number;
  readonly requests: number;
  /** `transaction:<mode>` and `request:<table>:<method>`, per message. */
  readonly byKind: Readonly<Record<string, number>>;
}

const round2 = (value: number): number => Math.round(value * 100) / 100;

export const idbWorkPerMessage = (
  before: IdbRequestCounts,
  after: IdbRequestCounts,
  messages: number,
): IdbWorkPerMessage => {
  const added = Object.entries(after)
    .map(([kind, total]): [string, number] => [kind, total - (before[kind] ?? 0)])
    .filter(([, count]) => count > 0)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  const sum = (prefix: string): number =>
    added.filter(([kind]) => kind.startsWith(prefix)).reduce((total, [, count]) => total + count, 0);
  return {
    readwriteTransactions: round2(sum('transaction:readwrite') / messages),
    requests: round2(sum('request:') / messages),
    byKind: Object.fromEntries(added.map(([kind, count]) => [kind, round2(count / messages)])),
  };
};
