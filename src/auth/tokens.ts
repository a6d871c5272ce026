import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "../db/client";
import { apiTokens } from "../db/schema";

export const TOKEN_PREFIX = "enf_";
export const SCOPES = ["drafts:read", "articles:write", "articles:publish", "admin"] as const;
export type Scope = (typeof SCOPES)[number];

export interface AuthenticatedToken {
  id: string;
  name: string;
  scopes: Scope[];
}

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

/** admin implies every other scope. */
export function hasScope(token: AuthenticatedToken | null, scope: Scope): boolean {
  return token !== null && (token.scopes.includes(scope) || token.scopes.includes("admin"));
}

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
  scopes: Scope[];
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
  if (row.lastUsedAt === null || row.lastUsedAt <= now - LAST_USED_RESOLUTION_MS) {
    await recordLastUse(db, row.id, row.lastUsedAt, now);
  }
  return { id: row.id, name: row.name, scopes: row.scopes.filter(isScope) };
}

/** `token list` shows when a token was last used; to the minute is enough and costs one write per minute. */
export const LAST_USED_RESOLUTION_MS = 60_000;

async function recordLastUse(db: Db, id: string, previous: number | null, now: number) {
  try {
    // Guarded by the value read, so concurrent requests write it once.
    const seen = previous === null ? isNull(apiTokens.lastUsedAt) : eq(apiTokens.lastUsedAt, previous);
    await db
      .update(apiTokens)
      .set({ lastUsedAt: now })
      .where(and(eq(apiTokens.id, id), seen))
      .run();
  } catch (err) {
    // Bookkeeping only: a failed write must not turn a valid token away.
    console.error(JSON.stringify({ event: "token.last_used.write_failed", tokenId: id, error: String(err) }));
  }
}

export async function revokeToken(db: Db, id: string, now: number): Promise<boolean> {
  const result = await db.update(apiTokens).set({ revokedAt: now }).where(eq(apiTokens.id, id)).run();
  return result.meta.changes > 0;
}
