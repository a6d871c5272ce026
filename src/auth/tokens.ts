import { and, eq, isNull, lte, or } from "drizzle-orm";
import type { Db } from "../db/client";
import { apiTokens } from "../db/schema";
import { type AuthenticatedToken, isTokenScope, type TokenScope } from "../domain/token-scope";

export const TOKEN_PREFIX = "enf_";

/** last_used_at is bookkeeping: one write per token per minute at most, not one per request. */
export const LAST_USED_RESOLUTION_MS = 60_000;

/** 256 random bits, base64url, behind a recognisable prefix so secret scanners can spot leaks. */
export function generateTokenSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return TOKEN_PREFIX + base64Url(bytes);
}

export function generateTokenId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(9));
  return `tok_${base64Url(bytes)}`;
}

export async function hashToken(secret: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(secret));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function base64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

export interface NewToken {
  name: string;
  scopes: TokenScope[];
  expiresAt: number | null;
}

export async function createToken(db: Db, input: NewToken, now: number) {
  const secret = generateTokenSecret();
  const row = {
    id: generateTokenId(),
    name: input.name,
    tokenHash: await hashToken(secret),
    scopes: input.scopes,
    createdAt: now,
    expiresAt: input.expiresAt,
    revokedAt: null,
    lastUsedAt: null,
  };
  await db.insert(apiTokens).values(row);
  return { secret, token: row };
}

/** Looks a presented secret up by its hash; expired and revoked tokens do not authenticate. */
export async function verifyToken(db: Db, secret: string, now: number): Promise<AuthenticatedToken | null> {
  if (!secret.startsWith(TOKEN_PREFIX) || secret.length > 200) return null;
  const row = await db.query.apiTokens.findFirst({ where: eq(apiTokens.tokenHash, await hashToken(secret)) });
  if (!row || row.revokedAt !== null || (row.expiresAt !== null && row.expiresAt <= now)) return null;
  return { id: row.id, name: row.name, scopes: row.scopes.filter(isTokenScope), lastUsedAt: row.lastUsedAt };
}

/** Whether a use at `now` should be recorded (the stored time is older than the resolution). */
export function isTokenUseStale(token: AuthenticatedToken, now: number): boolean {
  return token.lastUsedAt === null || now - token.lastUsedAt >= LAST_USED_RESOLUTION_MS;
}

/**
 * Records a use; the condition makes concurrent requests of the same minute (other isolates)
 * write at most once between them.
 */
export async function recordTokenUse(db: Db, id: string, now: number): Promise<void> {
  await db
    .update(apiTokens)
    .set({ lastUsedAt: now })
    .where(
      and(
        eq(apiTokens.id, id),
        or(isNull(apiTokens.lastUsedAt), lte(apiTokens.lastUsedAt, now - LAST_USED_RESOLUTION_MS)),
      ),
    )
    .run();
}

export async function revokeToken(db: Db, id: string, now: number): Promise<boolean> {
  const result = await db.update(apiTokens).set({ revokedAt: now }).where(eq(apiTokens.id, id)).run();
  return result.meta.changes > 0;
}
