// Dexie builds a transaction's table by asking the DBCore stack for it afresh (`Transaction.table` calls
// `db.core.table(name)`), and each middleware below wraps the table below it anew: the virtual-index middleware
// even rebuilds its index lookup. The hooks middleware asks once per table written in each transaction, so a
// steady stream of single-message transactions paid for a whole middleware stack per table per write. The
// tables of one stack hold no state of their own (what a request needs travels in `req.trans`), which is why
// Dexie itself builds each table's core once per opening; this middleware, on top of the stack, does the same
// for transactions. Dexie rebuilds the stack (and so calls `create` again) each time the database opens.
import type { DBCore, DBCoreTable, Middleware } from 'dexie';

/** Above every middleware Dexie and its add-ons install (theirs are at levels -1 to 2). */
const TOP_OF_STACK = 1_000;

export const memoizedTablesMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'ParleyMemoizedTables',
  level: TOP_OF_STACK,
  create: (down) => {
    const tables = new Map<string, DBCoreTable>();
    return {
      ...down,
      table: (name) => {
        let table = tables.get(name);
        if (!table) {
          table = down.table(name);
          tables.set(name, table);
        }
        return table;
      },
    };
  },
};
