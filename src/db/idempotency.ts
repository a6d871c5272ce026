import { and, eq, gt, lte, type sql } from "drizzle-orm";
import type { Db } from "./client";
import { idempotencyKeys } from "./schema";

/** How long a create's Idempotency-Key is remembered (docs/api.md promises 24 h). */
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;

export interface IdempotencyClaim {
  key: string;
  requestHash: string;
}

/** The live claim of this token on this key; an expired one is as good as absent. */
export async function findIdempotencyKey(db: Db, tokenId: string, key: string, now: number) {
  const [row] = await db
    .select()
    .from(idempotencyKeys)
    .where(
      and(
        eq(idempotencyKeys.tokenId, tokenId),
        eq(idempotencyKeys.key, key),
        gt(idempotencyKeys.createdAt, now - IDEMPOTENCY_TTL_MS),
      ),
    )
    .limit(1);
  return row;
}

/**
 * The statements a create's batch adds for its key: drop an expired claim the cron has not pruned
 * yet (so the key is reusable exactly after 24 h), then claim it for the new article.
 */
export function claimStatements(
  db: Db,
  claim: IdempotencyClaim,
  tokenId: string,
  articleId: ReturnType<typeof sql>,
  now: number,
) {
  return [
    db
      .delete(idempotencyKeys)
      .where(
        and(
          eq(idempotencyKeys.tokenId, tokenId),
          eq(idempotencyKeys.key, claim.key),
          lte(idempotencyKeys.createdAt, now - IDEMPOTENCY_TTL_MS),
        ),
      ),
    db.insert(idempotencyKeys).values({
      tokenId,
      key: claim.key,
      requestHash: claim.requestHash,
      articleId,
      createdAt: now,
    }),
  ];
}

/** Cron housekeeping: forget every key older than the TTL. Returns how many went. */
export async function pruneIdempotencyKeys(db: Db, now: number): Promise<number> {
  const result = await db
    .delete(idempotencyKeys)
    .where(lte(idempotencyKeys.createdAt, now - IDEMPOTENCY_TTL_MS))
    .run();
  return result.meta.changes;
}
