import type { Context, MiddlewareHandler } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { type DeskSession, formTokenFor, resumeDeskSession, sameSecret } from "../../auth/desk-session";
import type { AppEnv } from "../../env";
import { problem } from "../../lib/problem";
import { applySecurityHeaders, DESK_SECURITY_HEADERS } from "../../lib/security-headers";
import type { SiteConfig } from "../../lib/site";
import {
  type DeskLang,
  type DeskStrings,
  deskLangFor,
  deskStrings,
  isDeskLang,
} from "../../render/desk/strings";

export interface DeskEnv {
  Bindings: AppEnv["Bindings"];
  Variables: AppEnv["Variables"] & {
    session: DeskSession | null;
    /** The hidden `_csrf` value every form of this session carries. */
    formToken: string;
    lang: DeskLang;
    strings: DeskStrings;
  };
}

export type DeskContext = Context<DeskEnv>;

export const LANG_COOKIE = "desk_lang";
const SESSION_COOKIE = "desk_session";

/** `__Secure-` (not `__Host-`, which demands Path=/) wherever the site is https; plain on http://127.0.0.1. */
export function sessionCookieName(site: SiteConfig): string {
  return isHttps(site) ? `__Secure-${SESSION_COOKIE}` : SESSION_COOKIE;
}

export function sessionCookie(site: SiteConfig, value: string, maxAgeSeconds: number): string {
  const secure = isHttps(site) ? "; Secure" : "";
  return `${sessionCookieName(site)}=${value}; Path=/desk; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure}`;
}

const isHttps = (site: SiteConfig) => site.url.startsWith("https:");

/**
 * Every desk answer, error or not: private and uncacheable, never indexed, and the desk's own CSP
 * (forms post to 'self'; no script at all until one is hashed or nonced).
 */
export const deskHeaders: MiddlewareHandler<DeskEnv> = async (c, next) => {
  const chosen = c.req.query("lang") ?? getCookie(c, LANG_COOKIE);
  const lang = deskLangFor(c.var.site.language, chosen);
  c.set("lang", lang);
  if (isDeskLang(c.req.query("lang"))) {
    setCookie(c, LANG_COOKIE, lang, { path: "/desk", sameSite: "Lax", httpOnly: true, maxAge: 365 * 86400 });
  }
  c.set("strings", deskStrings(lang));
  c.set("session", null);
  c.set("formToken", "");
  await next();
  applySecurityHeaders(c.res.headers, DESK_SECURITY_HEADERS);
  c.res.headers.set("cache-control", "private, no-store");
  c.res.headers.set("x-robots-tag", "noindex, nofollow");
  c.res.headers.append("vary", "Cookie");
};

/** Loads the session from the cookie; its token becomes the request's token for the services. */
export const loadSession: MiddlewareHandler<DeskEnv> = async (c, next) => {
  const id = getCookie(c, sessionCookieName(c.var.site));
  const session = id ? await resumeDeskSession(c.var.db, id, c.var.now) : null;
  c.set("session", session);
  c.set("token", session?.token ?? null);
  if (session) c.set("formToken", await formTokenFor(session.id));
  await next();
};

/** Pages: without a session the editor is sent to sign in. */
export const requireSessionPage: MiddlewareHandler<DeskEnv> = async (c, next) => {
  if (!c.var.session) return c.redirect("/desk/login", 303);
  return next();
};

/** Every state-changing desk request comes from our own origin. */
export const requireSameOrigin: MiddlewareHandler<DeskEnv> = async (c, next) => {
  const origin = c.req.header("origin");
  const expected = new URL(c.var.site.url).origin;
  const sameOrigin =
    origin === undefined ? c.req.header("sec-fetch-site") === "same-origin" : origin === expected;
  if (!sameOrigin) throw refused("The request did not come from this site's desk.");
  await next();
};

/** A session and the form token bound to it: cross-site forms cannot produce either. */
export const requireSessionWrite: MiddlewareHandler<DeskEnv> = async (c, next) => {
  if (!c.var.session) throw refused("Sign in to the desk first.");
  const sent = (await formFields(c)).get("_csrf");
  if (typeof sent !== "string" || !sameSecret(sent, c.var.formToken)) {
    throw refused("The form token is missing or wrong: reload the page and try again.");
  }
  await next();
};

function notAForm() {
  return problem({
    status: 415,
    type: "unsupported-media-type",
    title: "Unsupported media type",
    detail: "Desk forms are sent as application/x-www-form-urlencoded or multipart/form-data.",
  });
}

function refused(detail: string) {
  return problem({ status: 403, type: "forbidden", title: "Request refused", detail });
}

/** The submitted form as name → value (the last value wins, as the form has one control per name). */
export async function formFields(c: DeskContext): Promise<Map<string, string>> {
  const fields = new Map<string, string>();
  const type = c.req.header("content-type") ?? "";
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type)) throw notAForm();
  let form: FormData;
  try {
    form = await c.req.formData();
  } catch {
    throw notAForm();
  }
  for (const [name, value] of form) {
    if (typeof value === "string") fields.set(name, value);
  }
  return fields;
}

/** The desk context carries the API's variables (db, site, now, token) plus its own. */
export function asAppContext(c: DeskContext): Context<AppEnv> {
  return c as unknown as Context<AppEnv>;
}
