import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";
import { absoluteUrl } from "../lib/site";

// One resource, one URL: every other spelling of a path answers 301 to the canonical one, so caches,
// validators, self links and WebSub topics only ever see that one. Location is built from SITE_URL,
// never from the request's Host header.

const REDIRECT_CACHE_CONTROL = "public, max-age=86400";
// Escapes that normalization changes: lower-case hex digits, or an escaped unreserved character.
const NON_NORMAL_ESCAPE = /%(?:[0-9A-Fa-f][a-f]|[a-f][0-9A-F]|2[DE]|3[0-9]|[46][1-9A-F]|5[0-9AF]|7[0-9AE])/;
const ESCAPE = /%[0-9A-Fa-f]{2}/g;
/** Normal form of every escape, keyed by its lower-case spelling. */
const NORMAL_FORM = new Map<string, string>();
for (let code = 0; code < 256; code++) {
  const char = String.fromCharCode(code);
  const hex = code.toString(16).padStart(2, "0");
  NORMAL_FORM.set(`%${hex}`, /^[A-Za-z0-9\-._~]$/.test(char) ? char : `%${hex.toUpperCase()}`);
}

/**
 * RFC 3986 §6.2.2 normalization: percent-escapes in upper case, escaped unreserved characters
 * decoded — except where that would make a "." or ".." segment, which a URL parser would remove.
 */
export function normalizePercentEncoding(pathname: string): string {
  // One scan for the common case: links the site made itself are already normal.
  if (!NON_NORMAL_ESCAPE.test(pathname)) return pathname;
  return pathname
    .split("/")
    .map((segment) => {
      const normalized = segment.replace(ESCAPE, (found) => NORMAL_FORM.get(found.toLowerCase()) ?? found);
      return normalized === "." || normalized === ".." ? segment.toUpperCase() : normalized;
    })
    .join("/");
}

/** True when a path survives a round trip through a URL parser unchanged, so a redirect to it cannot loop. */
function isStablePath(path: string): boolean {
  try {
    return new URL(path, "http://localhost").pathname === path;
  } catch {
    return false;
  }
}

function redirectTo(c: Context<AppEnv>, canonicalPath: string): Response {
  const search = new URL(c.req.url).search;
  c.header("cache-control", REDIRECT_CACHE_CONTROL);
  return c.redirect(absoluteUrl(c.var.site, `${canonicalPath}${search}`), 301);
}

/**
 * A 301 to `canonicalPath` (the path the site's own links use for this resource) when a GET or HEAD
 * spelled it differently; null when the request already used it or no stable redirect exists.
 */
export function redirectToCanonical(c: Context<AppEnv>, canonicalPath: string): Response | null {
  const method = c.req.method;
  if (method !== "GET" && method !== "HEAD") return null;
  if (new URL(c.req.url).pathname === canonicalPath || !isStablePath(canonicalPath)) return null;
  return redirectTo(c, canonicalPath);
}

/** App-wide: GET and HEAD requests with non-normalized percent-escapes are redirected before routing. */
export const canonicalPercentEncoding: MiddlewareHandler<AppEnv> = async (c, next) => {
  const method = c.req.method;
  const url = c.req.url;
  // Without a "%" anywhere there is no escape to normalize: no URL parse on the common request.
  if ((method === "GET" || method === "HEAD") && url.includes("%")) {
    const pathname = new URL(url).pathname;
    const normalized = normalizePercentEncoding(pathname);
    if (normalized !== pathname && isStablePath(normalized)) return redirectTo(c, normalized);
  }
  return next();
};
