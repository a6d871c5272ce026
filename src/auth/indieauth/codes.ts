import type { Db } from "../../db/client";
import {
  consumeIndieAuthCode,
  findTokenById,
  flagIndieAuthCodeReplay,
  type IndieAuthCodeRow,
  insertIndieAuthCode,
  recordIndieAuthIssue,
  revokeTokenById,
} from "../../db/indieauth-codes";
import { isTokenScope, type TokenScope } from "../../domain/token-scope";
import { randomSecret } from "../desk-session";
import { hashToken } from "../tokens";
import { OAuthError } from "./oauth-error";
import { verifierMatches } from "./pkce";
import { type IssuedTokens, issueTokenPair } from "./refresh";
import { parseScopeWords, scopesEditorHolds, wordsGranted } from "./scopes";

export const CODE_TTL_MS = 10 * 60_000;

export interface ApprovedGrant {
  clientId: string;
  clientName: string;
  redirectUri: string;
  codeChallenge: string;
  scopes: TokenScope[];
  words: string[];
  editorTokenId: string;
}

/** A 256-bit code; only its SHA-256 is stored. */
export async function issueAuthorizationCode(db: Db, grant: ApprovedGrant, now: number): Promise<string> {
  const code = randomSecret();
  const row: IndieAuthCodeRow = {
    codeHash: await hashToken(code),
    clientId: grant.clientId,
    clientName: grant.clientName,
    redirectUri: grant.redirectUri,
    codeChallenge: grant.codeChallenge,
    scopes: grant.scopes,
    scopeWords: wordsGranted(grant.words, grant.scopes).join(" "),
    editorTokenId: grant.editorTokenId,
    createdAt: now,
    expiresAt: now + CODE_TTL_MS,
    usedAt: null,
    replayedAt: null,
    issuedTokenId: null,
  };
  await insertIndieAuthCode(db, row);
  return code;
}

export { OAuthError };

export interface Redemption {
  code: string | undefined;
  clientId: string | undefined;
  redirectUri: string | undefined;
  codeVerifier: string | undefined;
}

export interface RedeemedCode {
  codeHash: string;
  editorTokenId: string;
  clientId: string;
  clientName: string;
  scopes: TokenScope[];
  words: string[];
}

const invalidGrant = (description: string) => new OAuthError("invalid_grant", description);

/**
 * Spends the code (first use wins), then checks it against the redemption. A second use is a
 * replay: it is refused and the token issued from the first use is revoked (RFC 6749 §4.1.2).
 */
export async function redeemCode(db: Db, input: Redemption, now: number): Promise<RedeemedCode> {
  for (const [name, value] of Object.entries({
    code: input.code,
    client_id: input.clientId,
    redirect_uri: input.redirectUri,
    code_verifier: input.codeVerifier,
  })) {
    if (!value) throw new OAuthError("invalid_request", `${name} is required.`);
  }
  if ((input.code ?? "").length > 200) throw invalidGrant("The code is unknown, used or expired.");
  const codeHash = await hashToken(input.code ?? "");
  const row = await consumeIndieAuthCode(db, codeHash, now);
  if (!row) {
    const replay = await flagIndieAuthCodeReplay(db, codeHash, now);
    if (replay?.issuedTokenId) await revokeTokenById(db, replay.issuedTokenId, now);
    throw invalidGrant("The code is unknown, used or expired.");
  }
  if (row.expiresAt <= now) throw invalidGrant("The code is unknown, used or expired.");
  if (row.clientId !== input.clientId) throw invalidGrant("client_id does not match the code.");
  if (row.redirectUri !== input.redirectUri) throw invalidGrant("redirect_uri does not match the code.");
  if (!(await verifierMatches(input.codeVerifier ?? "", row.codeChallenge))) {
    throw invalidGrant("code_verifier does not match the code_challenge.");
  }
  const editor = await findTokenById(db, row.editorTokenId);
  if (!editor || editor.revokedAt !== null || (editor.expiresAt !== null && editor.expiresAt <= now)) {
    throw invalidGrant("The editor who approved this code can no longer sign in.");
  }
  // The editor's token may have been narrowed since: never hand on more than it holds now.
  const editorNow = {
    id: editor.id,
    name: editor.name,
    scopes: editor.scopes.filter(isTokenScope),
    lastUsedAt: null,
  };
  const scopes = scopesEditorHolds(editorNow, row.scopes.filter(isTokenScope));
  return {
    codeHash,
    editorTokenId: row.editorTokenId,
    clientId: row.clientId,
    clientName: row.clientName,
    scopes,
    words: wordsGranted(parseScopeWords(row.scopeWords), scopes),
  };
}

/** The token pair for a redeemed code; revoked again at once if a replay raced the issue. */
export async function issueAccessToken(db: Db, redeemed: RedeemedCode, now: number): Promise<IssuedTokens> {
  if (redeemed.scopes.length === 0) {
    throw invalidGrant("This code was issued without scope: redeem it at the authorization endpoint.");
  }
  const issued = await issueTokenPair(db, redeemed, null, now);
  if (await recordIndieAuthIssue(db, redeemed.codeHash, issued.accessTokenId)) {
    await revokeTokenById(db, issued.accessTokenId, now);
    throw invalidGrant("The code is unknown, used or expired.");
  }
  return issued;
}
