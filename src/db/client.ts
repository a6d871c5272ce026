import { drizzle } from "drizzle-orm/d1";
import type { D1Client, D1Statement } from "./d1-session";

/**
 * Drizzle over the binding or over one of its sessions (see ./d1-session.ts). Built per request, so
 * without `{ schema }`: that option rebuilds the relational config of every table each time (about
 * 35 µs against 0.2 µs in Node), for `db.query.*`, which the project does not use.
 */
export function createDb(d1: D1Client) {
  return drizzle(asDatabase(d1));
}

export type Db = ReturnType<typeof createDb>;

/**
 * The Db `build` returns, built on its first use: a request answered from isolate memory (a memoized
 * 304, a cached document) builds no drizzle instance, whose dialect and session cost each request
 * a few microseconds. Methods come bound to the built instance, as drizzle's own calls expect.
 */
export function lazyDb(build: () => Db): Db {
  let db: Db | null = null;
  return new Proxy({} as Db, {
    get(_target, property) {
      db ??= build();
      const value: unknown = Reflect.get(db, property, db);
      return typeof value === "function" ? value.bind(db) : value;
    },
  });
}

/**
 * drizzle's D1 driver is typed for a D1Database but only ever calls `prepare` and `batch`, which a
 * session has too. The session's missing methods fail loudly instead of being cast away.
 */
function asDatabase(d1: D1Client): D1Database {
  if ("withSession" in d1) return d1;
  const unavailable = (method: string) => () => {
    throw new Error(`D1 ${method}() is not available on a session`);
  };
  return {
    prepare: (query) => d1.prepare(query),
    batch: <T>(statements: D1Statement[]) => d1.batch<T>(statements),
    exec: unavailable("exec"),
    dump: unavailable("dump"),
    withSession: unavailable("withSession"),
  };
}
