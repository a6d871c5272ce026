import { type SQL, sql } from "drizzle-orm";
import { SQLiteAsyncDialect } from "drizzle-orm/sqlite-core";
import type { Db } from "./client";
import { invalidateFeedValidators } from "./isolate-cache";

const dialect = new SQLiteAsyncDialect();

type Statement = SQL | { toSQL(): { sql: string; params: unknown[] } };

/**
 * One atomic D1 batch (a transaction) from Drizzle builders and raw `sql` statements alike.
 * Drizzle's own batch() cannot take raw INSERT … SELECT statements, which our guarded writes need.
 */
export async function runBatch(db: Db, statements: Statement[]): Promise<D1Result[]> {
  const d1 = db.$client;
  const prepared = statements.map((statement) => {
    const query = "toSQL" in statement ? statement.toSQL() : dialect.sqlToQuery(statement);
    return d1.prepare(query.sql).bind(...query.params);
  });
  try {
    return await d1.batch(prepared);
  } finally {
    // Every article write runs here: this isolate's readers must see it at once.
    invalidateFeedValidators();
  }
}

export { sql };
