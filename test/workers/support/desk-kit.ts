import { env } from "cloudflare:workers";
import type { TokenScope } from "../../../src/domain/token-scope";
import { mintToken, ORIGIN, request } from "./helpers";

export const SESSION_COOKIE = "__Secure-desk_session";

export interface DeskUser {
  secret: string;
  tokenId: string;
  /** `name=value` for a Cookie header. */
  cookie: string;
  sessionId: string;
  csrf: string;
}

export function formBody(fields: Record<string, string>): URLSearchParams {
  return new URLSearchParams(Object.entries(fields));
}

export function postForm(
  path: string,
  fields: Record<string, string>,
  options: { cookie?: string; origin?: string | null; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = {
    "content-type": "application/x-www-form-urlencoded",
    ...options.headers,
  };
  if (options.origin !== null) headers.origin = options.origin ?? ORIGIN;
  if (options.cookie) headers.cookie = options.cookie;
  return request(path, { method: "POST", headers, body: formBody(fields), redirect: "manual" });
}

export function getPage(path: string, cookie?: string) {
  return request(path, { headers: cookie ? { cookie } : {}, redirect: "manual" });
}

export function sessionIdFrom(res: Response): string {
  const header = res.headers.get("set-cookie") ?? "";
  const m = new RegExp(`${SESSION_COOKIE}=([^;]*)`).exec(header);
  if (!m?.[1]) throw new Error(`no session cookie in ${res.status}: ${header}`);
  return m[1];
}

export function csrfFrom(html: string): string {
  const m = /name="_csrf" value="([0-9a-f]{64})"/.exec(html);
  if (!m?.[1]) throw new Error("no _csrf field on the page");
  return m[1];
}

export async function signIn(
  scopes: TokenScope[] = ["drafts:read", "articles:write", "articles:publish"],
): Promise<DeskUser> {
  const { secret, id } = await mintToken(scopes);
  const res = await postForm("/desk/login", { token: secret });
  if (res.status !== 303) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const sessionId = sessionIdFrom(res);
  const cookie = `${SESSION_COOKIE}=${sessionId}`;
  const page = await getPage("/desk", cookie);
  return { secret, tokenId: id, cookie, sessionId, csrf: csrfFrom(await page.text()) };
}

export async function resetDesk(): Promise<void> {
  await env.DB.batch(["desk_sessions", "desk_login_codes"].map((t) => env.DB.prepare(`delete from ${t}`)));
}

/** The value of the form control `name` on a rendered editor page (input value or textarea text). */
export function controlValue(html: string, name: string): string | null {
  const escaped = name.replace(/[[\]]/g, "\\$&");
  const input = new RegExp(`<input[^>]*name="${escaped}"[^>]*value="([^"]*)"`).exec(html);
  if (input) return decode(input[1] ?? "");
  const area = new RegExp(`<textarea[^>]*name="${escaped}"[^>]*>([\\s\\S]*?)</textarea>`).exec(html);
  if (area) return decode(area[1] ?? "");
  const select = new RegExp(`<select[^>]*name="${escaped}"[^>]*>([\\s\\S]*?)</select>`).exec(html);
  const chosen = /<option value="([^"]*)" selected/.exec(select?.[1] ?? "");
  return chosen ? decode(chosen[1] ?? "") : null;
}

/** Undoes the HTML escaping of an attribute value or text. */
export function decode(text: string): string {
  return text
    .replaceAll("&quot;", '"')
    .replaceAll("&#39;", "'")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&");
}
