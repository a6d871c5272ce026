import { createHash, randomBytes } from "node:crypto";

// Same format as src/auth/tokens.ts (a test proves the worker accepts what this mints).
export const TOKEN_PREFIX = "enf_";
export const SCOPES = ["drafts:read", "articles:write", "articles:publish", "admin"];

export function newToken({
  name,
  scopes = ["drafts:read", "articles:write", "articles:publish"],
  expiresAt = null,
}) {
  for (const scope of scopes) {
    if (!SCOPES.includes(scope)) throw new Error(`unknown scope "${scope}" (known: ${SCOPES.join(", ")})`);
  }
  const secret = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const row = {
    id: `tok_${randomBytes(9).toString("base64url")}`,
    name,
    token_hash: createHash("sha256").update(secret).digest("hex"),
    scopes: JSON.stringify(scopes),
    created_at: Date.now(),
    expires_at: expiresAt,
  };
  return { secret, row };
}

export function insertTokenSql(row) {
  const q = (v) =>
    v === null ? "NULL" : typeof v === "number" ? String(v) : `'${String(v).replaceAll("'", "''")}'`;
  return `INSERT INTO api_tokens (id, name, token_hash, scopes, created_at, expires_at) VALUES (${[
    row.id,
    row.name,
    row.token_hash,
    row.scopes,
    row.created_at,
    row.expires_at,
  ]
    .map(q)
    .join(", ")});`;
}

/** The name `npm start` gives the token it mints; earlier versions used `local-editor-<ISO time>`. */
export const START_TOKEN_NAME = "npm start (local)";

/**
 * Revokes every token an earlier `npm start` minted, then adds the new one: one SQL text, run as one
 * `wrangler d1 execute`, so a restart leaves exactly one live start token instead of piling up admin tokens.
 */
export function rotateStartTokenSql(row, now = Date.now()) {
  const name = START_TOKEN_NAME.replaceAll("'", "''");
  return `UPDATE api_tokens SET revoked_at = ${now} WHERE revoked_at IS NULL AND (name = '${name}' OR name GLOB 'local-editor-[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*');\n${insertTokenSql(row)}`;
}
