import { fillPlaceholders } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Db } from "./client";

// Building a select is drizzle's dearest step on the read path: a walk over every selected column
// with entity checks, then the SQL string (about 300 µs for one article row in Node under load, more
// than decoding the row). The hot statements have a fixed shape, so each isolate builds each once,
// with placeholders, and later requests only bind and decode.

type Selection = Record<string, SQLiteColumn>;

interface SelectBuilder<Row> extends PromiseLike<Row[]> {
  toSQL(): { sql: string; params: unknown[] };
}

const unusable = (): never => {
  throw new Error("the compiling drizzle instance only builds SQL");
};
const COMPILER: Db = drizzle({
  prepare: unusable,
  batch: unusable,
  exec: unusable,
  dump: unusable,
  withSession: unusable,
});

/**
 * A select of flat `selection` columns, built by `build` once per isolate: run it with the request's
 * Db and the values of its `sql.placeholder`s. Rows decode as drizzle's would (mapFromDriverValue).
 */
export function compiledSelect<S extends Selection, Row>(
  selection: S,
  build: (db: Db, selection: S) => SelectBuilder<Row>,
): (db: Db, values: Record<string, unknown>) => Promise<Row[]> {
  const columns = Object.entries(selection);
  let compiled: { sql: string; params: unknown[] } | undefined;
  return async (db, values) => {
    compiled ??= build(COMPILER, selection).toSQL();
    const rows = await db.$client
      .prepare(compiled.sql)
      .bind(...fillPlaceholders(compiled.params, values))
      .raw();
    // The builder's own row type: the SQL lists exactly `selection`, in its order.
    return rows.map((row) => decodeRow(columns, row) as Row);
  };
}

function decodeRow(columns: [string, SQLiteColumn][], row: unknown[]): Record<string, unknown> {
  const decoded: Record<string, unknown> = {};
  for (let i = 0; i < columns.length; i++) {
    const [name, column] = columns[i] as [string, SQLiteColumn];
    const value = row[i];
    decoded[name] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return decoded;
}
