import { and, eq, isNotNull, isNull, lt } from "drizzle-orm";
import type { Db } from "./client";
import { apiTokens, indieauthCodes } from "./schema";

export type IndieAuthCodeRow = typeof indieauthCodes.$inferSelect;

export async function insertIndieAuthCode(db: Db, row: IndieAuthCodeRow): Promise<void> {
  await db.insert(indieauthCodes).values(row);
}

/**
 * Marks the code used and returns it in one statement, so two concurrent redemptions cannot both
 * win. Undefined when the code is unknown or was already used.
 */
export async function consumeIndieAuthCode(db: Db, codeHash: string, now: number) {
  const rows = await db
    .update(indieauthCodes)
    .set({ usedAt: now })
    .where(and(eq(indieauthCodes.codeHash, codeHash), isNull(indieauthCodes.usedAt)))
    .returning();
  return rows[0];
}

/** A second redemption: flags the code and returns the token it issued (if issued yet). */
export async function flagIndieAuthCodeReplay(db: Db, codeHash: string, now: number) {
  const rows = await db
    .update(indieauthCodes)
    .set({ replayedAt: now })
    .where(and(eq(indieauthCodes.codeHash, codeHash), isNotNull(indieauthCodes.usedAt)))
    .returning({ issuedTokenId: indieauthCodes.issuedTokenId });
  return rows[0];
}

/** Records the issued token; returns whether a replay was flagged meanwhile (then the token must go). */
export async function recordIndieAuthIssue(db: Db, codeHash: string, tokenId: string): Promise<boolean> {
  const rows = await db
    .update(indieauthCodes)
    .set({ issuedTokenId: tokenId })
    .where(eq(indieauthCodes.codeHash, codeHash))
    .returning({ replayedAt: indieauthCodes.replayedAt });
  return rows[0]?.replayedAt != null;
}

/** Codes live ten minutes; a day past that they cannot even be replayed usefully, so they go. */
export async function pruneIndieAuthCodes(db: Db, now: number): Promise<void> {
  await db
    .delete(indieauthCodes)
    .where(lt(indieauthCodes.expiresAt, now - 86_400_000))
    .run();
}

export async function findTokenById(db: Db, id: string) {
  const [row] = await db.select().from(apiTokens).where(eq(apiTokens.id, id)).limit(1);
  return row;
}

export async function revokeTokenById(db: Db, id: string, now: number): Promise<void> {
  await db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
    .run();
}

/** Live tokens issued to IndieAuth clients, newest first (the desk's sessions page). */
export async function listClientTokens(db: Db, now: number) {
  const rows = await db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      clientId: apiTokens.clientId,
      scopes: apiTokens.scopes,
      createdAt: apiTokens.createdAt,
      expiresAt: apiTokens.expiresAt,
      lastUsedAt: apiTokens.lastUsedAt,
    })
    .from(apiTokens)
    .where(and(isNotNull(apiTokens.clientId), isNull(apiTokens.revokedAt)))
    .orderBy(apiTokens.createdAt)
    .limit(200);
  return rows.filter((row) => row.expiresAt === null || row.expiresAt > now);
}
