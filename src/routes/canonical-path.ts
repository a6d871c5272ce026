import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";
import { absoluteUrl } from "../lib/site";

// One resource, one URL: every other spelling of a path answers 301 to the canonical one, so caches,
// validators, self links and WebSub topics only ever see that one. Location is built from SITE_URL,
// never from the request's Host header.

const REDIRECT_CACHE_CONTROL = "public, max-age=86400";
const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

/**
 * RFC 3986 §6.2.2 normalization: percent-escapes in upper case, escaped unreserved characters
 * decoded — except where that would make a "." or ".." segment, which a URL parser would remove.
 */
export function normalizePercentEncoding(pathname: string): string {
  if (!pathname.includes("%")) return pathname;
  return pathname
    .split("/")
    .map((segment) => {
      const normalized = segment.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => {
        const char = String.fromCharCode(Number.parseInt(hex, 16));
        return UNRESERVED.test(char) ? char : `%${hex.toUpperCase()}`;
      });
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
  if (method === "GET" || method === "HEAD") {
    const pathname = new URL(c.req.url).pathname;
    const normalized = normalizePercentEncoding(pathname);
    if (normalized !== pathname && isStablePath(normalized)) return redirectTo(c, normalized);
  }
  return next();
};
