import type { Db } from "../db/client";
import { findTokenByHash, insertToken, recordTokenUseAt } from "../db/token-queries";
import { sha256Hex } from "../lib/sha256";

export const TOKEN_PREFIX = "enf_";
export const SCOPES = ["drafts:read", "articles:write", "articles:publish", "admin"] as const;
export type Scope = (typeof SCOPES)[number];

export interface AuthenticatedToken {
  id: string;
  name: string;
  scopes: Scope[];
  /** When the token was last recorded as used (at most once per LAST_USED_RESOLUTION_MS). */
  lastUsedAt: number | null;
}

/** last_used_at is bookkeeping: one write per token per minute at most, not one per request. */
export const LAST_USED_RESOLUTION_MS = 60_000;

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
    tokenHash: await sha256Hex(secret),
    scopes: input.scopes,
    createdAt: now,
    expiresAt: input.expiresAt,
    revokedAt: null,
    lastUsedAt: null,
  };
  await insertToken(db, row);
  return { secret, token: row };
}

/** Looks a presented secret up by its hash; expired and revoked tokens do not authenticate. */
export async function verifyToken(db: Db, secret: string, now: number): Promise<AuthenticatedToken | null> {
  if (!secret.startsWith(TOKEN_PREFIX) || secret.length > 200) return null;
  const row = await findTokenByHash(db, await sha256Hex(secret));
  if (!row || row.revokedAt !== null || (row.expiresAt !== null && row.expiresAt <= now)) return null;
  return { id: row.id, name: row.name, scopes: row.scopes.filter(isScope), lastUsedAt: row.lastUsedAt };
}

/** Whether a use at `now` should be recorded (the stored time is older than the resolution). */
export function isTokenUseStale(token: AuthenticatedToken, now: number): boolean {
  return token.lastUsedAt === null || now - token.lastUsedAt >= LAST_USED_RESOLUTION_MS;
}

/** Records a use; at most one write per token per LAST_USED_RESOLUTION_MS, across isolates. */
export async function recordTokenUse(db: Db, id: string, now: number): Promise<void> {
  await recordTokenUseAt(db, id, now, LAST_USED_RESOLUTION_MS);
}
