import type { Db } from "../db/client";
import {
  type DeskSessionRow,
  deleteDeskSession,
  findDeskSession,
  insertDeskSession,
  touchDeskSession,
} from "../db/desk-sessions";
import { type AuthenticatedToken, isTokenScope } from "../domain/token-scope";
import { hashToken } from "./tokens";

export const SESSION_ABSOLUTE_MS = 12 * 60 * 60_000;
export const SESSION_IDLE_MS = 2 * 60 * 60_000;
/** last_seen_at moves at most once a minute: idle expiry needs no finer clock, D1 fewer writes. */
const TOUCH_RESOLUTION_MS = 60_000;

export interface DeskSession {
  /** The raw id from the cookie; it never reaches the database. */
  id: string;
  idHash: string;
  token: AuthenticatedToken;
  createdAt: number;
}

/** 256 random bits, base64url. */
export function randomSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

export async function startDeskSession(db: Db, tokenId: string, now: number): Promise<string> {
  const id = randomSecret();
  const row: DeskSessionRow = {
    idHash: await hashToken(id),
    tokenId,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: now + SESSION_ABSOLUTE_MS,
  };
  await insertDeskSession(db, row);
  return id;
}

/** A session lives while it is neither idle too long nor too old, and its token is neither revoked nor expired. */
export async function resumeDeskSession(db: Db, id: string, now: number): Promise<DeskSession | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(id)) return null;
  const idHash = await hashToken(id);
  const found = await findDeskSession(db, idHash);
  if (!found) return null;
  const { session, token } = found;
  const tokenDead = token.revokedAt !== null || (token.expiresAt !== null && token.expiresAt <= now);
  if (tokenDead || session.expiresAt <= now || session.lastSeenAt + SESSION_IDLE_MS <= now) {
    await deleteDeskSession(db, idHash);
    return null;
  }
  if (now - session.lastSeenAt >= TOUCH_RESOLUTION_MS) await touchDeskSession(db, idHash, now);
  return {
    id,
    idHash,
    createdAt: session.createdAt,
    token: {
      id: token.id,
      name: token.name,
      scopes: token.scopes.filter(isTokenScope),
      lastUsedAt: token.lastUsedAt,
    },
  };
}

/** The per-session form token: an HMAC keyed by the session id, so nothing more needs storing. */
export async function formTokenFor(sessionId: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(sessionId),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode("desk-form-token"));
  return [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Constant-time comparison of two strings of equal length. */
export function sameSecret(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
