import type { Context, MiddlewareHandler } from "hono";
import { accepts } from "hono/accepts";
import { secureHeaders } from "hono/secure-headers";
import type { AppEnv } from "../env";
import { renderProblem } from "../lib/problem";
import type { SiteConfig } from "../lib/site";
import { type ErrorKind, renderErrorPage } from "../render/error-page";
import { STYLESHEET_FILE } from "../render/site-css";

// Shared by the HTML routes and app.notFound: cache policy, error pages, security headers.

export const PAGE_CACHE_CONTROL = "public, max-age=60, stale-while-revalidate=300";
const ERROR_CACHE_CONTROL = "public, max-age=60";

/** Bump when templates change, so validators of unchanged articles stop matching old markup. */
const TEMPLATE_VERSION = "3";

/** Everything besides the content that shapes a page's bytes; part of every page ETag key. */
export function renderKey(site: SiteConfig): string {
  return [TEMPLATE_VERSION, STYLESHEET_FILE, site.url, site.title, site.description, site.language].join("|");
}

const secure = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'none'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", "https:"],
    // Lighthouse's SEO audit fetches /robots.txt from inside the page; nothing else on our pages connects.
    connectSrc: ["'self'"],
    baseUri: ["'none'"],
    // The header's search box submits to /search on the same origin.
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  },
  xFrameOptions: "DENY",
  referrerPolicy: "strict-origin-when-cross-origin",
  permissionsPolicy: { camera: [], microphone: [], geolocation: [], payment: [], usb: [] },
});

/**
 * hono's secureHeaders, applied to HTML and CSS responses only: mounted app-wide so 404 pages get it too,
 * while JSON, feeds and sitemaps (other teams' routes, cross-origin readers) stay untouched.
 */
export const htmlSecurityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  // A route that set its own policy (the desk's forms post to 'self') keeps it.
  if (c.res.headers.has("content-security-policy")) return;
  if (/^text\/(html|css)\b/.test(c.res.headers.get("content-type") ?? "")) {
    await secure(c, async () => {});
  }
};

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
