// D1 read replication (Sessions API). A session started "first-unconstrained" may be answered by
// any replica; "first-primary" starts at the primary; a bookmark starts at a replica at least as
// new as the write that returned it. Every later query of the session is sequentially consistent.

// Named through D1Database: the Node-side type checks (scripts, test/node) see only that global.
export type D1Session = ReturnType<D1Database["withSession"]>;
export type D1Statement = Parameters<D1Database["batch"]>[0][number];

/** A request's way into D1: the binding itself (tests, scripts) or one of its sessions. */
export type D1Client = D1Database | D1Session;

/** The response (and request) header that carries a session's bookmark. */
export const BOOKMARK_HEADER = "x-d1-bookmark";

// What D1 hands out (local workerd: "00000000-00000004-00000000-000…000"): three 8-hex-digit
// counters and a 32-hex-digit hash. Anything else is refused before D1 sees it: the local runtime
// accepts any string, and a garbage bookmark must not pass silently there and fail in production.
const BOOKMARK_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{32}$/i;

export function isBookmark(value: string): boolean {
  return BOOKMARK_SHAPE.test(value);
}

/** "first-primary", "first-unconstrained" or a bookmark. */
export type SessionStart = NonNullable<Parameters<D1Database["withSession"]>[0]>;

/** Writes and cron start at the primary; public reads anywhere; a bookmark at least that new. */
export function sessionStart(options: { bookmark: string | null; writes: boolean }): SessionStart {
  if (options.bookmark !== null) return options.bookmark;
  return options.writes ? "first-primary" : "first-unconstrained";
}

/**
 * A session opened when its first statement is prepared: a request answered from isolate memory
 * (a memoized 304, a cached document) never opens one. Until then its bookmark is null, as an
 * opened session's is before its first query.
 */
export function lazySession(d1: D1Database, start: SessionStart): D1Session {
  let session: D1Session | null = null;
  const opened = (): D1Session => {
    session ??= d1.withSession(start);
    return session;
  };
  return {
    prepare: (query) => opened().prepare(query),
    batch: (statements) => opened().batch(statements),
    getBookmark: () => session?.getBookmark() ?? null,
  };
}
