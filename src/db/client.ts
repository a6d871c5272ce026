import { drizzle } from "drizzle-orm/d1";
import type { D1Client, D1Statement } from "./d1-session";
import * as schema from "./schema";

/** Drizzle over the binding or over one of its sessions (see ./d1-session.ts). */
export function createDb(d1: D1Client) {
  return drizzle(asDatabase(d1), { schema });
}

export type Db = ReturnType<typeof createDb>;

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
