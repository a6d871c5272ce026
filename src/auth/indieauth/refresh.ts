import type { Db } from "../../db/client";
import { findTokenById, revokeTokenById } from "../../db/indieauth-codes";
import {
  consumeRefreshToken,
  findRefreshToken,
  insertRefreshToken,
  revokeRefreshFamily,
} from "../../db/indieauth-refresh";
import { isTokenScope, type TokenScope } from "../../domain/token-scope";
import { randomSecret } from "../desk-session";
import { createToken, hashToken } from "../tokens";
import { OAuthError } from "./oauth-error";
import { parseScopeWords, scopesEditorHolds, scopesForWords, wordsGranted } from "./scopes";

export const REFRESH_PREFIX = "enr_";
export const REFRESH_TTL_MS = 90 * 86_400_000;
export const INDIEAUTH_TOKEN_TTL_MS = 30 * 86_400_000;

export interface Grant {
  clientId: string;
  clientName: string;
  scopes: TokenScope[];
  words: string[];
  editorTokenId: string;
}

export interface IssuedTokens {
  accessToken: string;
  accessTokenId: string;
  refreshToken: string;
  expiresInSeconds: number;
  words: string[];
}

/** An access token in our format plus a refresh token of the given family. */
export async function issueTokenPair(
  db: Db,
  grant: Grant,
  familyId: string | null,
  now: number,
): Promise<IssuedTokens> {
  const { secret, token } = await createToken(
    db,
    {
      name: grant.clientName,
      scopes: grant.scopes,
      expiresAt: now + INDIEAUTH_TOKEN_TTL_MS,
      clientId: grant.clientId,
    },
    now,
  );
  const refreshToken = REFRESH_PREFIX + randomSecret();
  await insertRefreshToken(db, {
    tokenHash: await hashToken(refreshToken),
    familyId: familyId ?? token.id,
    accessTokenId: token.id,
    clientId: grant.clientId,
    clientName: grant.clientName,
    scopes: grant.scopes,
    scopeWords: grant.words.join(" "),
    editorTokenId: grant.editorTokenId,
    createdAt: now,
    expiresAt: now + REFRESH_TTL_MS,
    usedAt: null,
  });
  return {
    accessToken: secret,
    accessTokenId: token.id,
    refreshToken,
    expiresInSeconds: Math.floor(INDIEAUTH_TOKEN_TTL_MS / 1000),
    words: grant.words,
  };
}

const invalidGrant = () =>
  new OAuthError("invalid_grant", "The refresh token is unknown, used, revoked or expired.");

/**
 * Rotation: the refresh token works once, for a new pair of the same family, and the access token
 * it came with is revoked. Used twice, it revokes the whole family (RFC 9700 §4.14.2).
 */
export async function refreshTokens(
  db: Db,
  input: { refreshToken: string | undefined; clientId: string | undefined; scope: string | undefined },
  now: number,
): Promise<IssuedTokens> {
  if (!input.refreshToken) throw new OAuthError("invalid_request", "refresh_token is required.");
  if (!input.clientId) throw new OAuthError("invalid_request", "client_id is required.");
  if (!input.refreshToken.startsWith(REFRESH_PREFIX) || input.refreshToken.length > 200) throw invalidGrant();
  const tokenHash = await hashToken(input.refreshToken);
  const row = await consumeRefreshToken(db, tokenHash, now);
  if (!row) {
    const spent = await findRefreshToken(db, tokenHash);
    if (spent) await revokeRefreshFamily(db, spent.familyId, now);
    throw invalidGrant();
  }
  if (row.expiresAt <= now || row.clientId !== input.clientId) throw invalidGrant();
  const access = await findTokenById(db, row.accessTokenId);
  const editor = await findTokenById(db, row.editorTokenId);
  const dead = (t: typeof editor) =>
    !t || t.revokedAt !== null || (t.expiresAt !== null && t.expiresAt <= now);
  // Revoking the access token (desk, revocation endpoint) ends the grant; expiry alone does not.
  if (!access || access.revokedAt !== null || dead(editor) || !editor) throw invalidGrant();
  const editorScopes = {
    id: editor.id,
    name: editor.name,
    scopes: editor.scopes.filter(isTokenScope),
    lastUsedAt: null,
  };
  let scopes = scopesEditorHolds(editorScopes, row.scopes.filter(isTokenScope));
  let words = wordsGranted(parseScopeWords(row.scopeWords), scopes);
  if (input.scope !== undefined) {
    const asked = parseScopeWords(input.scope);
    if (asked.some((w) => !words.includes(w))) {
      throw new OAuthError("invalid_scope", "A refresh may only narrow the scope that was granted.");
    }
    const narrowed = scopesForWords(asked);
    scopes = scopes.filter((s) => narrowed.includes(s));
    words = wordsGranted(asked, scopes);
  }
  if (scopes.length === 0) throw new OAuthError("invalid_scope", "No scope would remain.");
  await revokeTokenById(db, row.accessTokenId, now);
  return issueTokenPair(
    db,
    { clientId: row.clientId, clientName: row.clientName, scopes, words, editorTokenId: row.editorTokenId },
    row.familyId,
    now,
  );
}

/** The revocation endpoint given a refresh token: the whole family ends. */
export async function revokeRefreshSecret(db: Db, secret: string, now: number): Promise<boolean> {
  if (!secret.startsWith(REFRESH_PREFIX) || secret.length > 200) return false;
  const row = await findRefreshToken(db, await hashToken(secret));
  if (row) await revokeRefreshFamily(db, row.familyId, now);
  return true;
}
