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
