// Keeps a local PREVIEW_SECRET for `npm start` in a small vars file beside the local state (npm start
// passes it to wrangler dev as --var). Production sets it with `wrangler secret put PREVIEW_SECRET`.
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";

/**
 * Returns the secret in `path`, adding a fresh 256-bit one (and the file) when it has none.
 * @param {string} path
 */
export function ensurePreviewSecret(path) {
  const text = existsSync(path) ? readFileSync(path, "utf8") : "";
  const found = /^PREVIEW_SECRET\s*=\s*"?([^"\n]+)"?\s*$/m.exec(text);
  if (found?.[1] && found[1].length >= 32) return found[1];
  const secret = randomBytes(32).toString("base64url");
  const kept = text.replace(/^PREVIEW_SECRET\s*=.*\n?/m, "");
  const separator = kept === "" || kept.endsWith("\n") ? "" : "\n";
  writeFileSync(path, `${kept}${separator}PREVIEW_SECRET="${secret}"\n`, { mode: 0o600 });
  return secret;
}
