import { sameSecret } from "../desk-session";

/** RFC 7636: 43–128 characters of the unreserved set, for both verifier and S256 challenge. */
export const PKCE_VALUE = /^[A-Za-z0-9._~-]{43,128}$/;

export async function s256Challenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
  let binary = "";
  for (const b of new Uint8Array(digest)) binary += String.fromCharCode(b);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

export async function verifierMatches(verifier: string, challenge: string): Promise<boolean> {
  if (!PKCE_VALUE.test(verifier)) return false;
  return sameSecret(await s256Challenge(verifier), challenge);
}
