import { and, eq, inArray, isNull, lt } from "drizzle-orm";
import type { Db } from "./client";
import { apiTokens, indieauthRefreshTokens } from "./schema";

export type RefreshTokenRow = typeof indieauthRefreshTokens.$inferSelect;

export async function insertRefreshToken(db: Db, row: RefreshTokenRow): Promise<void> {
  await db.insert(indieauthRefreshTokens).values(row);
}

/** Marks the refresh token used and returns it, in one statement: a second use finds nothing. */
export async function consumeRefreshToken(db: Db, tokenHash: string, now: number) {
  const rows = await db
    .update(indieauthRefreshTokens)
    .set({ usedAt: now })
    .where(and(eq(indieauthRefreshTokens.tokenHash, tokenHash), isNull(indieauthRefreshTokens.usedAt)))
    .returning();
  return rows[0];
}

export async function findRefreshToken(db: Db, tokenHash: string) {
  const [row] = await db
    .select()
    .from(indieauthRefreshTokens)
    .where(eq(indieauthRefreshTokens.tokenHash, tokenHash))
    .limit(1);
  return row;
}

/** Ends a family: every refresh token in it spent, every access token it issued revoked. */
export async function revokeRefreshFamily(db: Db, familyId: string, now: number): Promise<void> {
  const family = await db
    .select({ accessTokenId: indieauthRefreshTokens.accessTokenId })
    .from(indieauthRefreshTokens)
    .where(eq(indieauthRefreshTokens.familyId, familyId));
  await db.batch([
    db
      .update(indieauthRefreshTokens)
      .set({ usedAt: now })
      .where(and(eq(indieauthRefreshTokens.familyId, familyId), isNull(indieauthRefreshTokens.usedAt))),
    db
      .update(apiTokens)
      .set({ revokedAt: now })
      .where(
        and(
          inArray(
            apiTokens.id,
            family.map((f) => f.accessTokenId),
          ),
          isNull(apiTokens.revokedAt),
        ),
      ),
  ]);
}

export async function pruneRefreshTokens(db: Db, now: number): Promise<void> {
  await db.delete(indieauthRefreshTokens).where(lt(indieauthRefreshTokens.expiresAt, now)).run();
}
