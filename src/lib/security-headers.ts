// The headers hono's secureHeaders() sets with our options, written out: its option parser, nonce and
// reporting support cost ~1.2 KiB gzip in the script for two fixed lists (docs/scaling.md, "Read/editor split").
// test/workers/security-headers.test.ts checks both lists against secureHeaders() itself.

const PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";

function securityHeaders(
  directives: readonly string[],
  referrerPolicy: string,
): ReadonlyArray<[string, string]> {
  return [
    ["content-security-policy", directives.join("; ")],
    ["cross-origin-opener-policy", "same-origin"],
    ["cross-origin-resource-policy", "same-origin"],
    ["origin-agent-cluster", "?1"],
    ["permissions-policy", PERMISSIONS_POLICY],
    ["referrer-policy", referrerPolicy],
    ["strict-transport-security", "max-age=15552000; includeSubDomains"],
    ["x-content-type-options", "nosniff"],
    ["x-dns-prefetch-control", "off"],
    ["x-download-options", "noopen"],
    ["x-frame-options", "DENY"],
    ["x-permitted-cross-domain-policies", "none"],
    ["x-xss-protection", "0"],
  ];
}

/**
 * Public HTML and CSS: no script, nothing framed; forms only to this origin (the header's search box
 * submits to /search); Lighthouse fetches /robots.txt from the page.
 */
export const PAGE_SECURITY_HEADERS = securityHeaders(
  [
    "default-src 'none'",
    "style-src 'self'",
    "img-src 'self' https:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ],
  "strict-origin-when-cross-origin",
);

/** The desk: as pages, but its forms post to 'self' and no referrer leaves the origin. */
export const DESK_SECURITY_HEADERS = securityHeaders(
  [
    "default-src 'none'",
    "style-src 'self'",
    "img-src 'self' https:",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ],
  "same-origin",
);

/** Sets every header of `list` on `headers` (replacing what a handler set) and drops X-Powered-By. */
export function applySecurityHeaders(headers: Headers, list: ReadonlyArray<[string, string]>): void {
  for (const [name, value] of list) headers.set(name, value);
  headers.delete("x-powered-by");
}

/** The responses the page security headers apply to (app-wide, 404 pages included): HTML and CSS. */
export function takesPageSecurityHeaders(contentType: string | null): boolean {
  return contentType !== null && /^text\/(html|css)\b/.test(contentType);
}

/** Adds PAGE_SECURITY_HEADERS to a header record that becomes a Response as it is (replacing, as applySecurityHeaders). */
export function addPageSecurityHeaders(headers: Record<string, string>): void {
  for (const [name, value] of PAGE_SECURITY_HEADERS) headers[name] = value;
}
