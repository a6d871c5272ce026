import { and, eq, isNull, lte, or } from "drizzle-orm";
import type { Db } from "./client";
import { apiTokens } from "./schema";

export type TokenRow = typeof apiTokens.$inferSelect;

export async function insertToken(db: Db, row: TokenRow): Promise<void> {
  await db.insert(apiTokens).values(row);
}

export async function findTokenByHash(db: Db, tokenHash: string): Promise<TokenRow | undefined> {
  const [row] = await db.select().from(apiTokens).where(eq(apiTokens.tokenHash, tokenHash)).limit(1);
  return row;
}

/**
 * Records a use unless one was recorded within `resolutionMs`; the condition makes concurrent
 * requests of the same window (other isolates) write at most once between them.
 */
export async function recordTokenUseAt(db: Db, id: string, now: number, resolutionMs: number): Promise<void> {
  await db
    .update(apiTokens)
    .set({ lastUsedAt: now })
    .where(
      and(
        eq(apiTokens.id, id),
        or(isNull(apiTokens.lastUsedAt), lte(apiTokens.lastUsedAt, now - resolutionMs)),
      ),
    )
    .run();
}
