import type { Context, MiddlewareHandler } from "hono";
import { accepts } from "hono/accepts";
import { HtmlEscapedCallbackPhase, type HtmlEscapedString, resolveCallback } from "hono/utils/html";
import type { AppEnv } from "../env";
import { renderProblem } from "../lib/problem";
import {
  applySecurityHeaders,
  PAGE_SECURITY_HEADERS,
  takesPageSecurityHeaders,
} from "../lib/security-headers";
import { shortHash } from "../lib/short-hash";
import type { SiteConfig } from "../lib/site";
import { type ErrorKind, renderErrorPage } from "../render/error-page";
import { STYLESHEET_FILE } from "../render/site-css";

// Shared by the HTML routes and app.notFound: cache policy, error pages, security headers.

export const PAGE_CACHE_CONTROL = "public, max-age=60, stale-while-revalidate=300";
const ERROR_CACHE_CONTROL = "public, max-age=60";

/**
 * Bump when templates (pages, listings, sitemaps, the API's JSON shape) change, so validators and
 * cache keys of unchanged articles stop matching old bytes.
 */
export const PAGE_RENDER_VERSION = "5";

const renderKeys = new WeakMap<SiteConfig, string>();

/** Everything besides the content that shapes a page's bytes (the whole site config); in every page ETag. */
export function pageRenderKey(site: SiteConfig, version: string = PAGE_RENDER_VERSION): string {
  if (version !== PAGE_RENDER_VERSION) return shortHash(JSON.stringify([version, STYLESHEET_FILE, site]));
  // siteFromEnv returns one object per environment, so this is hashed once per isolate.
  let key = renderKeys.get(site);
  if (key === undefined) {
    key = shortHash(JSON.stringify([version, STYLESHEET_FILE, site]));
    renderKeys.set(site, key);
  }
  return key;
}

export const HTML_TYPE = "text/html; charset=UTF-8";

/** A rendered hono/jsx document as the string c.html would send. */
export async function htmlText(document: HtmlEscapedString | Promise<HtmlEscapedString>): Promise<string> {
  return resolveCallback(await document, HtmlEscapedCallbackPhase.Stringify, false, {});
}

/**
 * The security headers (src/lib/security-headers.ts), applied to HTML and CSS responses only: mounted app-wide so 404 pages get it too,
 * while JSON, feeds and sitemaps (other teams' routes, cross-origin readers) stay untouched.
 */
export const htmlSecurityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  addHtmlSecurityHeaders(c.res);
};

/** What htmlSecurityHeaders does after the handler; the app shell calls it from its own middleware. */
export function addHtmlSecurityHeaders(response: Response): void {
  const headers = response.headers;
  if (!takesPageSecurityHeaders(headers.get("content-type"))) return;
  // A route that set its own policy (the desk's forms post to 'self'; a cached page, PAGE's) keeps it.
  if (headers.has("content-security-policy")) return;
  applySecurityHeaders(headers, PAGE_SECURITY_HEADERS);
}

export function errorPage(
  c: Context<AppEnv>,
  kind: ErrorKind,
  status: 400 | 404 | 410,
): Response | Promise<Response> {
  // A handler may have set a page's validators before deciding there is no page.
  c.header("etag", undefined);
  c.header("last-modified", undefined);
  c.header("cache-control", ERROR_CACHE_CONTROL);
  return c.html(renderErrorPage(c.var.site, kind), status);
}

/**
 * app.notFound: problem+json for the API and machine formats (feeds, sitemaps); elsewhere an HTML page
 * unless the client prefers JSON.
 */
export function notFoundResponse(c: Context<AppEnv>): Response | Promise<Response> {
  const path = c.req.path;
  const problemInit = { status: 404, type: "not-found", title: "Not found" } as const;
  if (path.startsWith("/api/") || path === "/api" || /\.(xml|json|txt|css|js)$/i.test(path)) {
    return renderProblem(c, problemInit);
  }
  const preferred = accepts(c, {
    header: "Accept",
    supports: ["text/html", "application/problem+json", "application/json"],
    default: "text/html",
  });
  if (preferred !== "text/html") return renderProblem(c, { ...problemInit, headers: { vary: "Accept" } });
  c.header("vary", "Accept");
  return errorPage(c, "not-found", 404);
}
