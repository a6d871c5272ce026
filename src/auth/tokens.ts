import type { Db } from "../db/client";
import { findTokenByHash, insertToken, recordTokenUseAt } from "../db/token-queries";
import { type AuthenticatedToken, isTokenScope, type TokenScope } from "../domain/token-scope";
import { sha256Hex } from "../lib/sha256";

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

function base64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** Tokens are stored as the SHA-256 of the secret, never in clear (also what scripts mint with). */
export function hashToken(secret: string): Promise<string> {
  return sha256Hex(secret);
}

export interface NewToken {
  name: string;
  scopes: TokenScope[];
  expiresAt: number | null;
  /** The IndieAuth client it is issued to, if any. */
  clientId?: string | null;
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
    clientId: input.clientId ?? null,
  };
  await insertToken(db, row);
  return { secret, token: row };
}

/** Looks a presented secret up by its hash; expired and revoked tokens do not authenticate. */
export async function verifyToken(db: Db, secret: string, now: number): Promise<AuthenticatedToken | null> {
  if (!secret.startsWith(TOKEN_PREFIX) || secret.length > 200) return null;
  const row = await findTokenByHash(db, await hashToken(secret));
  if (!row || row.revokedAt !== null || (row.expiresAt !== null && row.expiresAt <= now)) return null;
  return { id: row.id, name: row.name, scopes: row.scopes.filter(isTokenScope), lastUsedAt: row.lastUsedAt };
}

/** Whether a use at `now` should be recorded (the stored time is older than the resolution). */
export function isTokenUseStale(token: AuthenticatedToken, now: number): boolean {
  return token.lastUsedAt === null || now - token.lastUsedAt >= LAST_USED_RESOLUTION_MS;
}

/** Records a use; at most one write per token per LAST_USED_RESOLUTION_MS, across isolates. */
export async function recordTokenUse(db: Db, id: string, now: number): Promise<void> {
  await recordTokenUseAt(db, id, now, LAST_USED_RESOLUTION_MS);
}
