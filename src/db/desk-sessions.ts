import { and, desc, eq, gt } from "drizzle-orm";
import type { Db } from "./client";
import { apiTokens, deskLoginCodes, deskSessions } from "./schema";

export type DeskSessionRow = typeof deskSessions.$inferSelect;

export async function insertDeskSession(db: Db, row: DeskSessionRow): Promise<void> {
  await db.insert(deskSessions).values(row);
}

/** The session with its token row, so one query decides whether both are still valid. */
export async function findDeskSession(db: Db, idHash: string) {
  const rows = await db
    .select({ session: deskSessions, token: apiTokens })
    .from(deskSessions)
    .innerJoin(apiTokens, eq(apiTokens.id, deskSessions.tokenId))
    .where(eq(deskSessions.idHash, idHash))
    .limit(1);
  return rows[0];
}

export async function touchDeskSession(db: Db, idHash: string, now: number): Promise<void> {
  await db.update(deskSessions).set({ lastSeenAt: now }).where(eq(deskSessions.idHash, idHash)).run();
}

export async function deleteDeskSession(db: Db, idHash: string): Promise<boolean> {
  const result = await db.delete(deskSessions).where(eq(deskSessions.idHash, idHash)).run();
  return result.meta.changes > 0;
}

export async function listDeskSessions(db: Db, now: number) {
  return db
    .select({
      idHash: deskSessions.idHash,
      tokenId: deskSessions.tokenId,
      tokenName: apiTokens.name,
      createdAt: deskSessions.createdAt,
      lastSeenAt: deskSessions.lastSeenAt,
    })
    .from(deskSessions)
    .innerJoin(apiTokens, eq(apiTokens.id, deskSessions.tokenId))
    .where(gt(deskSessions.expiresAt, now))
    .orderBy(desc(deskSessions.lastSeenAt))
    .limit(200);
}

/** Deletes the code and returns its token id in one statement, so a code works exactly once. */
export async function consumeLoginCode(db: Db, codeHash: string, now: number): Promise<string | null> {
  const rows = await db
    .delete(deskLoginCodes)
    .where(and(eq(deskLoginCodes.codeHash, codeHash), gt(deskLoginCodes.expiresAt, now)))
    .returning({ tokenId: deskLoginCodes.tokenId });
  return rows[0]?.tokenId ?? null;
}
