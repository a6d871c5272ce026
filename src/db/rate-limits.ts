import { and, eq, lt, sql } from "drizzle-orm";
import type { Db } from "./client";
import { rateLimits } from "./schema";

export interface RateWindow {
  /** Start of the fixed window `now` falls in (ms since the epoch). */
  start: number;
  /** Whole seconds until the window ends: the Retry-After value (at least 1). */
  retryAfterSeconds: number;
}

/** Fixed windows aligned to the epoch, so every isolate and location agrees on the boundaries. */
export function windowAt(now: number, windowMs: number): RateWindow {
  const start = Math.floor(now / windowMs) * windowMs;
  return { start, retryAfterSeconds: Math.max(1, Math.ceil((start + windowMs - now) / 1000)) };
}

/**
 * Counts `hits` hits and returns the bucket's count in the current window. A single statement, so
 * concurrent hits from many isolates cannot lose increments; a stale window restarts at `hits`.
 */
export async function hitRateLimit(db: Db, bucket: string, windowStart: number, hits = 1): Promise<number> {
  const rows = await db
    .insert(rateLimits)
    .values({ bucket, windowStart, count: hits })
    .onConflictDoUpdate({
      target: rateLimits.bucket,
      set: {
        count: sql`case when ${rateLimits.windowStart} = ${windowStart} then ${rateLimits.count} + ${hits} else ${hits} end`,
        windowStart,
      },
    })
    .returning({ count: rateLimits.count });
  return rows[0]?.count ?? hits;
}

/** The bucket's count in the given window, without counting a hit (0 when absent or stale). */
export async function peekRateLimit(db: Db, bucket: string, windowStart: number): Promise<number> {
  const row = await db
    .select({ count: rateLimits.count })
    .from(rateLimits)
    .where(and(eq(rateLimits.bucket, bucket), eq(rateLimits.windowStart, windowStart)))
    .get();
  return row?.count ?? 0;
}

/** Drops counters whose window ended before `before`; meant for a scheduled cleanup. */
export async function pruneRateLimits(db: Db, before: number): Promise<number> {
  const result = await db.delete(rateLimits).where(lt(rateLimits.windowStart, before)).run();
  return result.meta.changes;
}
