import type { Context } from "hono";
import { ByteLru, stringBytes } from "./byte-lru";
import { shortHash } from "./short-hash";

// Generic conditional GET (RFC 9110 §13): validators out, 304 in. Used by HTML pages and sitemaps.

export interface Validators {
  etag: string;
  /** Milliseconds since the epoch; sent at one-second precision. */
  lastModified?: number | null;
}

/**
 * A strong ETag from a validator (a version number or a change time) and a key naming everything else
 * that shapes the bytes (URL parameters, template version), so two representations never share one.
 */
export function strongEtag(validator: number | string, key: string): string {
  const memo = etags.get(key);
  if (memo !== undefined && memo.validator === validator) return memo.etag;
  const v = typeof validator === "number" ? validator.toString(36) : validator;
  const etag = `"${v}-${shortHash(key)}"`;
  etags.set(key, { validator, etag });
  return etag;
}

// A polled document's ETag is asked for on every request, a 304 included, where hashing its key was a
// visible share of the work: the last ETag per key is kept, bounded like every isolate cache.
const etags = new ByteLru<{ validator: number | string; etag: string }>(64 * 1024, (memo) =>
  stringBytes(memo.etag),
);

/** True when the client's stored copy is still current. If-None-Match wins over If-Modified-Since. */
export function clientIsCurrent(headers: Headers, validators: Validators): boolean {
  const ifNoneMatch = headers.get("if-none-match");
  if (ifNoneMatch !== null) return etagListMatches(ifNoneMatch, validators.etag);
  const ifModifiedSince = headers.get("if-modified-since");
  if (ifModifiedSince === null || validators.lastModified == null) return false;
  const since = Date.parse(ifModifiedSince);
  return Number.isFinite(since) && Math.floor(validators.lastModified / 1000) * 1000 <= since;
}

// Weak comparison, as RFC 9110 requires for If-None-Match.
function etagListMatches(header: string, etag: string): boolean {
  if (header.trim() === "*") return true;
  const opaque = etag.replace(/^W\//, "");
  return header.split(",").some((candidate) => candidate.trim().replace(/^W\//, "") === opaque);
}

/**
 * Sets ETag, Last-Modified and Cache-Control on the response being built; returns a ready 304
 * when a GET/HEAD request already holds this representation, otherwise null.
 */
export function conditional(c: Context, validators: Validators, cacheControl: string): Response | null {
  c.header("etag", validators.etag);
  if (validators.lastModified != null) {
    c.header("last-modified", new Date(validators.lastModified).toUTCString());
  }
  c.header("cache-control", cacheControl);
  const method = c.req.method;
  if ((method === "GET" || method === "HEAD") && clientIsCurrent(c.req.raw.headers, validators)) {
    return c.body(null, 304);
  }
  return null;
}
