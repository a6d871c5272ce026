import type { TokenScope } from "../../domain/token-scope";
import { isOurProfile, parseClientId, parseRedirectUri, sameOrigin } from "./client-id";
import { type ClientInfo, fetchClientMetadata, type MetadataFailure } from "./client-metadata";
import { PKCE_VALUE } from "./pkce";
import { parseScopeWords, scopesForWords } from "./scopes";

export interface AuthorizationRequest {
  clientId: URL;
  redirectUri: URL;
  state: string;
  codeChallenge: string;
  words: string[];
  requestedScopes: TokenScope[];
  client: { name: string; uri: string; logo: string | null };
}

export type AuthorizationCheck =
  /** Not safe to redirect anywhere: the editor sees an error page. */
  | { kind: "untrusted"; reason: UntrustedReason }
  | { kind: "redirect-error"; redirectUri: URL; error: string; description: string; state: string | null }
  | { kind: "ok"; request: AuthorizationRequest };

export type UntrustedReason = "client_id" | "redirect_uri" | `metadata:${MetadataFailure}` | "not-listed";

export type Params = Record<string, string | undefined>;

export const AUTHORIZATION_PARAMS = [
  "response_type",
  "client_id",
  "redirect_uri",
  "state",
  "code_challenge",
  "code_challenge_method",
  "scope",
  "me",
] as const;

type Fetcher = Parameters<typeof fetchClientMetadata>[2];

/**
 * IndieAuth §5.2: client and redirect URI first (nothing is sent to an untrusted URI), then every
 * other parameter, whose errors go back to the client.
 */
export async function checkAuthorizationRequest(
  params: Params,
  siteUrl: string,
  fetcher?: Fetcher,
): Promise<AuthorizationCheck> {
  const clientId = parseClientId(params.client_id);
  if (!clientId) return { kind: "untrusted", reason: "client_id" };
  const redirectUri = parseRedirectUri(params.redirect_uri);
  if (!redirectUri) return { kind: "untrusted", reason: "redirect_uri" };
  const metadata = await fetchClientMetadata(clientId, siteUrl, fetcher);
  const info: ClientInfo | null = metadata.ok ? metadata.info : null;
  // A failed fetch only matters when the redirect leaves the client's origin (spec §4.2.2).
  if (!sameOrigin(clientId, redirectUri)) {
    if (!metadata.ok) return { kind: "untrusted", reason: `metadata:${metadata.reason}` };
    if (!metadata.info.redirectUris.includes(redirectUri.href))
      return { kind: "untrusted", reason: "not-listed" };
  }
  const state = params.state ?? null;
  const fail = (error: string, description: string): AuthorizationCheck => ({
    kind: "redirect-error",
    redirectUri,
    error,
    description,
    state,
  });
  if (params.response_type !== "code")
    return fail("unsupported_response_type", "response_type must be code.");
  if (!state || state.length > 2000)
    return fail("invalid_request", "state is required (at most 2000 characters).");
  if (!params.code_challenge) return fail("invalid_request", "PKCE is required: send code_challenge.");
  if (params.code_challenge_method !== "S256") {
    return fail("invalid_request", "code_challenge_method must be S256 (plain is not supported).");
  }
  if (!PKCE_VALUE.test(params.code_challenge)) return fail("invalid_request", "code_challenge is malformed.");
  if (params.me !== undefined && !isOurProfile(params.me, siteUrl)) {
    return fail("invalid_request", "me does not name this site.");
  }
  const words = parseScopeWords(params.scope);
  return {
    kind: "ok",
    request: {
      clientId,
      redirectUri,
      state,
      codeChallenge: params.code_challenge,
      words,
      requestedScopes: scopesForWords(words),
      client: {
        name: info?.name ?? clientId.href,
        uri: info?.uri ?? clientId.href,
        logo: info?.logo ?? null,
      },
    },
  };
}

/** Appends the answer to the redirect URI, keeping its own query exactly as the client wrote it. */
export function redirectWith(uri: URL, params: Record<string, string>): string {
  const base = uri.href;
  const joiner = uri.search ? "&" : base.endsWith("?") ? "" : "?";
  return `${base}${joiner}${new URLSearchParams(params).toString()}`;
}
