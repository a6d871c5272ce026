// Tokens minted outside the worker (CLI, npm start, tests) as api_tokens SQL rows. The secret, id and
// hash come from the worker's own src/auth/tokens.ts, so there is one token format.
import { generateTokenId, generateTokenSecret, hashToken } from "../../src/auth/tokens";
import { isTokenScope, TOKEN_SCOPES, type TokenScope } from "../../src/domain/token-scope";

export const SCOPES = TOKEN_SCOPES;

export const EDITOR_SCOPES: TokenScope[] = ["drafts:read", "articles:write", "articles:publish"];
export const ALL_SCOPES: TokenScope[] = [...EDITOR_SCOPES, "admin"];

/** An api_tokens row in its SQL column names. */
export interface TokenRow {
  id: string;
  name: string;
  token_hash: string;
  scopes: string;
  created_at: number;
  expires_at: number | null;
}

export async function newToken({
  name,
  scopes = EDITOR_SCOPES,
  expiresAt = null,
}: {
  name: string;
  scopes?: readonly string[];
  expiresAt?: number | null;
}): Promise<{ secret: string; row: TokenRow }> {
  for (const scope of scopes) {
    if (!isTokenScope(scope)) throw new Error(`unknown scope "${scope}" (known: ${SCOPES.join(", ")})`);
  }
  const secret = generateTokenSecret();
  const row: TokenRow = {
    id: generateTokenId(),
    name,
    token_hash: await hashToken(secret),
    scopes: JSON.stringify(scopes),
    created_at: Date.now(),
    expires_at: expiresAt,
  };
  return { secret, row };
}

/** A SQL literal: D1 over `wrangler d1 execute --command` takes no bound parameters. */
export function sqlLiteral(value: string | number | null): string {
  if (value === null) return "NULL";
  return typeof value === "number" ? String(value) : `'${value.replaceAll("'", "''")}'`;
}

export function insertTokenSql(row: TokenRow): string {
  const values = [row.id, row.name, row.token_hash, row.scopes, row.created_at, row.expires_at];
  return `INSERT INTO api_tokens (id, name, token_hash, scopes, created_at, expires_at) VALUES (${values
    .map(sqlLiteral)
    .join(", ")});`;
}

/** The name `npm start` gives the token it mints; earlier versions used `local-editor-<ISO time>`. */
export const START_TOKEN_NAME = "npm start (local)";

/**
 * Revokes every token an earlier `npm start` minted, then adds the new one: one SQL text, run as one
 * `wrangler d1 execute`, so a restart leaves exactly one live start token instead of piling up admin tokens.
 */
export function rotateStartTokenSql(row: TokenRow, now = Date.now()): string {
  return `UPDATE api_tokens SET revoked_at = ${now} WHERE revoked_at IS NULL AND (name = ${sqlLiteral(START_TOKEN_NAME)} OR name GLOB 'local-editor-[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*');\n${insertTokenSql(row)}`;
}
