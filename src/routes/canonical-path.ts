import type { Context } from "hono";
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
  const url = c.req.url;
  // Spelled exactly so: no redirect, whatever a parser makes of it (were it unstable, none would be sent).
  if (rawPath(url) === canonicalPath) return null;
  if (requestPathname(url) === canonicalPath || !isStablePath(canonicalPath)) return null;
  return redirectTo(c, canonicalPath);
}

/** The path of an absolute URL as the request spelled it: after the authority, up to "?" or "#" ("/" if none). */
export function rawPath(url: string): string {
  let start = -1;
  let end = url.length;
  for (let i = url.indexOf("//") + 2; i < url.length; i++) {
    const code = url.charCodeAt(i);
    if (code === 63 || code === 35) {
      end = i;
      break;
    }
    if (code === 47 && start < 0) start = i;
  }
  return start < 0 ? "/" : url.slice(start, end);
}

// A path a URL parser leaves exactly as it is: only characters it never escapes, no dot segment
// (".", "..", or their %2e spellings), no backslash.
const PARSED_PATH_CHARACTERS = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/%]*$/;
const DOT_SEGMENT = /\/(?:\.|%2e){1,2}(?:\/|$)/i;

/** `new URL(url).pathname`, without parsing the URL when the request spelled its path as a parser would. */
export function requestPathname(url: string): string {
  const path = rawPath(url);
  if (PARSED_PATH_CHARACTERS.test(path) && !DOT_SEGMENT.test(path)) return path;
  return new URL(url).pathname;
}

/** App-wide, before routing: the 301 a GET or HEAD with non-normalized percent-escapes gets; null otherwise. */
export function percentEncodingRedirect(c: Context<AppEnv>): Response | null {
  const method = c.req.method;
  const url = c.req.url;
  // Without a "%" anywhere there is no escape to normalize: no URL parse on the common request.
  if ((method === "GET" || method === "HEAD") && url.includes("%")) {
    const pathname = requestPathname(url);
    const normalized = normalizePercentEncoding(pathname);
    if (normalized !== pathname && isStablePath(normalized)) return redirectTo(c, normalized);
  }
  return null;
}
