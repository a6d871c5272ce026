// The caching tests' tools: the real app on the real D1 through a wrapper that adds up D1's own
// meta.rows_read, and short names for conditional requests.
import { env } from "cloudflare:workers";
import { wrapDb } from "../support/fault-env";
import { request } from "../support/helpers";

export interface RowCounter {
  rowsRead: number;
  statements: number;
}

/**
 * A D1 that counts what every statement read. `raw()` carries no meta, so for it the statement is
 * also run once with `all()` to learn its rows_read: use this for reads (GET) only.
 */
export function countingD1(): { db: D1Database; counter: RowCounter } {
  const counter: RowCounter = { rowsRead: 0, statements: 0 };
  const note = (meta: { rows_read?: number } | undefined) => {
    counter.statements++;
    counter.rowsRead += meta?.rows_read ?? 0;
  };
  const real = new WeakMap<object, D1PreparedStatement>();
  const wrap = (statement: D1PreparedStatement): D1PreparedStatement => {
    const counted = {
      bind: (...values: unknown[]) => wrap(statement.bind(...values)),
      all: async () => {
        const result = await statement.all();
        note(result.meta);
        return result;
      },
      run: async () => {
        const result = await statement.run();
        note(result.meta);
        return result;
      },
      first: async (column?: string) => {
        const result = await statement.all<Record<string, unknown>>();
        note(result.meta);
        const row = result.results[0] ?? null;
        return column === undefined ? row : (row?.[column] ?? null);
      },
      raw: async (options?: { columnNames?: boolean }) => {
        note((await statement.all()).meta);
        return options?.columnNames ? statement.raw({ columnNames: true }) : statement.raw();
      },
    };
    real.set(counted, statement);
    return counted as unknown as D1PreparedStatement;
  };
  const db = wrapDb({
    prepare: (sql: string) => wrap(env.DB.prepare(sql)),
    batch: async <T>(statements: D1PreparedStatement[]) => {
      const results = await env.DB.batch<T>(statements.map((s) => real.get(s) ?? s));
      for (const result of results) note(result.meta);
      return results;
    },
  });
  return { db, counter };
}

export const etagOf = (res: Response) => res.headers.get("etag") ?? "";

export function revalidate(path: string, etag: string, headers: Record<string, string> = {}) {
  return request(path, { headers: { "if-none-match": etag, ...headers } });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
