import type { Context } from "hono";
import { hasScope } from "../domain/token-scope";
import type { AppEnv } from "../env";
import { cachePurgeOf } from "../services/edge-purge";
import type { WriteActor, WriteContext } from "../services/write-context";

/**
 * The WriteContext of an authenticated request: its db, site and clock, its token as the actor,
 * and its execution context's waitUntil. `actor` overrides the token (e.g. a desk session).
 */
export function writeContextFrom(c: Context<AppEnv>, actor?: WriteActor): WriteContext {
  const { db, site, now, token } = c.var;
  const who = actor ?? (token ? { id: token.id, mayPublish: hasScope(token, "articles:publish") } : null);
  if (!who) throw new Error("writeContextFrom needs an authenticated request (requireToken) or an actor");
  return {
    db,
    site,
    now,
    actor: who,
    waitUntil: (work) => waitUntilOf(c, work),
    purgeCache: cachePurgeOf(cacheContextOf(c)),
  };
}

// Hono's ExecutionContext type predates `cache`; the runtime's object carries it when the Worker has one.
function cacheContextOf(c: Context<AppEnv>): CacheContext | undefined {
  try {
    return (c.executionCtx as Partial<globalThis.ExecutionContext>).cache;
  } catch {
    return undefined;
  }
}

function waitUntilOf(c: Context<AppEnv>, work: Promise<unknown>): void {
  try {
    c.executionCtx.waitUntil(work);
  } catch {
    // No execution context (app.request in unit tests): the promise still runs to completion.
  }
}
