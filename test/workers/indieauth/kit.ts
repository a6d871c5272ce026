import { env } from "cloudflare:workers";
import { s256Challenge } from "../../../src/auth/indieauth/pkce";
import { type DeskUser, getPage, postForm } from "../support/desk-kit";
import { ORIGIN, request } from "../support/helpers";

export const AUTH_PATH = "/desk/indieauth/auth";
export const CLIENT_ID = "https://app.example.net/";
export const REDIRECT_URI = "https://app.example.net/callback";
export const ME = `${ORIGIN}/`;

export interface Pkce {
  verifier: string;
  challenge: string;
}

export async function pkce(): Promise<Pkce> {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const verifier = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return { verifier, challenge: await s256Challenge(verifier) };
}

export function authParams(challenge: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    response_type: "code",
    client_id: CLIENT_ID,
    redirect_uri: REDIRECT_URI,
    state: "st-123",
    code_challenge: challenge,
    code_challenge_method: "S256",
    scope: "create update media",
    me: ME,
    ...extra,
  };
}

export function authorizeUrl(params: Record<string, string>): string {
  return `${AUTH_PATH}?${new URLSearchParams(params)}`;
}

export function consentPage(user: DeskUser, params: Record<string, string>) {
  return getPage(authorizeUrl(params), user.cookie);
}

/** Posts the consent form as the page would; `grants` are the ticked scope boxes. */
export function decide(
  user: DeskUser,
  params: Record<string, string>,
  decision: "approve" | "deny",
  grants: string[] = ["articles:write", "articles:publish", "drafts:read"],
) {
  const fields: Record<string, string> = { ...params, _csrf: user.csrf, decision };
  for (const scope of grants) fields[`grant.${scope}`] = "on";
  return postForm(AUTH_PATH, fields, { cookie: user.cookie });
}

/** The redirect's query as name → value (decoded). */
export function answerOf(res: Response): URLSearchParams {
  const location = res.headers.get("location");
  if (res.status !== 302 || !location) throw new Error(`expected a 302 redirect, got ${res.status}`);
  return new URL(location).searchParams;
}

export async function approveForCode(user: DeskUser, params: Record<string, string>, grants?: string[]) {
  const code = answerOf(await decide(user, params, "approve", grants)).get("code");
  if (!code) throw new Error("no code in the redirect");
  return code;
}

export function exchange(fields: Record<string, string>) {
  return request("/indieauth/token", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: new URLSearchParams(fields),
  });
}

export function redeemFields(code: string, verifier: string, extra: Record<string, string> = {}) {
  return {
    grant_type: "authorization_code",
    code,
    client_id: CLIENT_ID,
    redirect_uri: REDIRECT_URI,
    code_verifier: verifier,
    ...extra,
  };
}

export async function tokenCount(): Promise<number> {
  const row = await env.DB.prepare("select count(*) as n from api_tokens").first<{ n: number }>();
  return row?.n ?? 0;
}
