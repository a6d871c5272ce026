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

/** An absolute http(s) URL without fragment; whether it is trusted is decided against the client. */
export function parseRedirectUri(value: string | undefined): URL | null {
  const url = parse(value);
  if (!url || !value) return null;
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  if (url.hash || value.includes("#") || url.username || url.password) return null;
  return url;
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
