// Runs the real app against the real D1 with chosen faults or variables, to prove failure paths.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { createApp } from "../../../src/app";
import { ORIGIN } from "./helpers";

/** The messages Cloudflare's D1 gives for transient outages (the app maps them to 503). */
export const transientD1Error = () => new Error("D1_ERROR: Network connection lost.");

/** A D1 that forwards everything to the real one except the methods given. */
export function wrapDb(overrides: Partial<Pick<D1Database, "prepare" | "batch">>): D1Database {
  const real = env.DB;
  const wrapped: D1Database = new Proxy(real, {
    get(target, prop) {
      if (prop in overrides) return overrides[prop as keyof typeof overrides];
      // The app reads through a session: it must go through the overrides as well.
      if (prop === "withSession") return () => sessionOver(wrapped);
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return wrapped;
}

function sessionOver(database: D1Database): D1DatabaseSession {
  return {
    prepare: (query) => database.prepare(query),
    batch: <T>(statements: D1PreparedStatement[]) => database.batch<T>(statements),
    getBookmark: () => null,
  };
}

/** A prepared statement whose every execution fails with `error`. */
export function failingStatement(error: Error): D1PreparedStatement {
  const fail = () => Promise.reject(error);
  const statement = { bind: () => statement, all: fail, raw: fail, run: fail, first: fail };
  return statement as unknown as D1PreparedStatement;
}

/** A D1 whose statements touching `pattern` fail; everything else reaches the real database. */
export function dbFailingOn(pattern: RegExp, error: Error = transientD1Error()): D1Database {
  return wrapDb({
    prepare: (sql: string) => (pattern.test(sql) ? failingStatement(error) : env.DB.prepare(sql)),
  });
}

/** app.request with the test env plus overrides; waits for waitUntil work (WebSub pings) to settle. */
export async function appRequest(path: string, init: RequestInit, overrides: Partial<Env> = {}) {
  const ctx = createExecutionContext();
  const res = await createApp().request(
    new URL(path, ORIGIN).toString(),
    init,
    { ...env, ...overrides },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return res;
}
