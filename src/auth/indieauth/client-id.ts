import { isLoopbackHost } from "./address-rules";

// IndieAuth §3.2–3.3: what a client identifier and a profile URL may look like.

const MAX_URL_LENGTH = 2000;

function parse(value: string | undefined): URL | null {
  if (!value || value.length > MAX_URL_LENGTH) return null;
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

function hasDotSegment(value: string): boolean {
  const path = value.replace(/^[a-z]+:\/\/[^/]*/i, "").split(/[?#]/)[0] ?? "";
  return path.split("/").some((segment) => segment === "." || segment === ".." || /^%2e%2e?$/i.test(segment));
}

const isIpLiteral = (host: string) => /^\d+\.\d+\.\d+\.\d+$/.test(host) || host.startsWith("[");

/** http(s), a path, no fragment, no user info, no dot segments, a name (or a loopback address) as host. */
export function parseClientId(value: string | undefined): URL | null {
  const url = parse(value);
  if (!url || !value) return null;
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  if (url.hash || value.includes("#") || url.username || url.password || hasDotSegment(value)) return null;
  if (!/^[a-z]+:\/\/[^/?#]+\//i.test(value)) return null;
  if (isIpLiteral(url.hostname) && !isLoopbackHost(url.hostname)) return null;
  return url;
}

// Schemes a browser would run or read instead of handing to an app: never a redirect target.
const UNSAFE_SCHEMES = new Set([
  "javascript:",
  "data:",
  "vbscript:",
  "file:",
  "blob:",
  "about:",
  "filesystem:",
]);

/**
 * An absolute URL without fragment or user info: http(s), or a native app's private-use scheme
 * (RFC 8252 §7.1, e.g. `com.example.app:/callback`). Whether it is trusted is decided against the
 * client: a private-use scheme is never on the client's origin, so it must be listed in its metadata.
 */
export function parseRedirectUri(value: string | undefined): URL | null {
  const url = parse(value);
  if (!url || !value) return null;
  if (UNSAFE_SCHEMES.has(url.protocol)) return null;
  if (url.hash || value.includes("#") || url.username || url.password) return null;
  return url;
}

/** The CSP source that lets the consent form's redirect reach this URI: its origin, or its app's scheme. */
export function formActionSource(uri: URL): string {
  return uri.protocol === "https:" || uri.protocol === "http:" ? uri.origin : uri.protocol;
}

export function sameOrigin(a: URL, b: URL): boolean {
  return a.origin === b.origin;
}

/** The profile URL the site answers for: SITE_URL with a trailing slash. */
export function profileUrl(siteUrl: string): string {
  return `${siteUrl}/`;
}

/** `me` is optional; when given it must name this site (a bare host gets its slash, as clients add it). */
export function isOurProfile(me: string, siteUrl: string): boolean {
  const url = parse(me);
  if (!url || url.search || url.hash) return false;
  const ours = new URL(profileUrl(siteUrl));
  return (
    url.origin === ours.origin && (url.pathname === ours.pathname || `${url.pathname}/` === ours.pathname)
  );
}
