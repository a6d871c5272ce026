// Signed preview links: an HMAC-SHA256 over article id, version and expiry. A link names one version,
// so any later save makes it stale; the secret is a Worker secret (PREVIEW_SECRET).

export interface PreviewClaim {
  articleId: number;
  version: number;
  /** Unix seconds. */
  expiresAt: number;
}

/** Secrets shorter than this are treated as missing: a guessable key would make links forgeable. */
export const MIN_PREVIEW_SECRET_LENGTH = 32;

export function usablePreviewSecret(secret: string | undefined): string | null {
  return secret && secret.length >= MIN_PREVIEW_SECRET_LENGTH ? secret : null;
}

export async function signPreview(secret: string, claim: PreviewClaim): Promise<string> {
  const key = await hmacKey(secret);
  const mac = await crypto.subtle.sign("HMAC", key, message(claim));
  return toBase64Url(new Uint8Array(mac));
}

/** Constant-time check of a link's signature; also false when it has expired. */
export async function verifyPreview(
  secret: string,
  claim: PreviewClaim,
  signature: string,
  nowMs: number,
): Promise<boolean> {
  if (claim.expiresAt * 1000 <= nowMs) return false;
  const mac = fromBase64Url(signature);
  if (!mac) return false;
  const key = await hmacKey(secret);
  return crypto.subtle.verify("HMAC", key, mac, message(claim));
}

export function previewPath(claim: PreviewClaim, signature: string): string {
  return `/preview/${claim.articleId}?v=${claim.version}&exp=${claim.expiresAt}&sig=${signature}`;
}

function message(claim: PreviewClaim): Uint8Array {
  return new TextEncoder().encode(`preview|${claim.articleId}|${claim.version}|${claim.expiresAt}`);
}

function hmacKey(secret: string) {
  return crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign", "verify"],
  );
}

function toBase64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]{43}$/.test(text)) return null;
  const binary = atob(text.replaceAll("-", "+").replaceAll("_", "/"));
  const bytes = Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
  // The last character carries 2 unused bits: only the canonical spelling is the signature, so a link
  // has exactly one valid form (and a flipped padding bit cannot pass as a different, valid link).
  return toBase64Url(bytes) === text ? bytes : null;
}
