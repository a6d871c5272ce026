// One-click desk sign-in for `npm start`: a single-use code (only its SHA-256 is stored), valid 10 minutes,
// bound to a token id, exchanged by the worker at GET /desk/login/<code> (src/routes/desk/sign-in.tsx).

export const DESK_LOGIN_CODE_TTL_MS = 10 * 60_000;

function base64Url(bytes) {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

async function sha256Hex(text) {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

const quote = (value) => `'${String(value).replaceAll("'", "''")}'`;

/**
 * The SQL that stores a new sign-in code for `tokenId` (and drops expired ones), and the URL that
 * spends it. Web Crypto only, so Node and workerd (the tests) run the same code.
 */
export async function deskLoginLinkSql(tokenId, siteUrl, now = Date.now()) {
  const code = base64Url(crypto.getRandomValues(new Uint8Array(32)));
  const expiresAt = now + DESK_LOGIN_CODE_TTL_MS;
  const sql = [
    `DELETE FROM desk_login_codes WHERE expires_at <= ${now};`,
    `INSERT INTO desk_login_codes (code_hash, token_id, expires_at) VALUES (${quote(await sha256Hex(code))}, ${quote(tokenId)}, ${expiresAt});`,
  ].join("\n");
  return { sql, url: `${siteUrl.replace(/\/+$/, "")}/desk/login/${code}`, expiresAt };
}
