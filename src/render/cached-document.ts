import type { Context } from "hono";
import { documentCacheBytes, feedDocuments } from "../db/isolate-cache";
import { cacheTagHeader } from "../domain/cache-tags";
import type { AppEnv } from "../env";
import { ByteLru, stringBytes } from "../lib/byte-lru";
import { clientIsCurrent } from "../lib/conditional";
import { addPageSecurityHeaders, takesPageSecurityHeaders } from "../lib/security-headers";

// The read path every public document shares (feeds, pages, listings, sitemaps, the public API):
// conditional GET, then this isolate's document LRU, then caches.default, then render. Both caches
// are keyed by the canonical URL plus the ETag, so an entry can never be stale and never needs a
// purge; they hold only bodies, every header comes from the request being answered.

const UTF8 = new TextEncoder();
// Entries are keyed by validator, so an entry can never be stale; this is only an eviction bound.
const EDGE_ENTRY_CACHE_CONTROL = "public, max-age=604800";
export interface CachedDocument {
  /** Canonical path and query of the document on the site: with the ETag, its cache key. */
  path: string;
  /** A strong ETag computed before rendering (lib/conditional.ts strongEtag). */
  etag: string;
  lastModified: number | null;
  cacheControl: string;
  contentType: string;
  /** Cache-Tag names (domain/cache-tags.ts) of what the document shows: a write purges them. */
  tags: string[];
  /** Builds the body (text, or its UTF-8 bytes); called only when neither cache holds it. */
  render: () => Promise<string | Uint8Array> | string | Uint8Array;
  /** The document's other headers (Link, Vary, …), on the 200 and the 304 alike. */
  headers?: Readonly<Record<string, string>>;
  /**
   * The caller set no header with c.header that is not also built here (or in `headers`): the answer is
   * then one Response built from one header record, security headers included, instead of a native
   * call per header. Without it, every header goes through c.header and joins what the caller set.
   */
  ownsHeaders?: boolean;
}

/**
 * Only for documents that are the same for every reader: a caller whose answer depends on who asks
 * (the API's editor view) must not come here, so no cache entry can ever hold what a token saw.
 */
export async function serveCachedDocument(c: Context<AppEnv>, doc: CachedDocument): Promise<Response> {
  const headers = validatorHeaders(doc);
  if (requestIsCurrent(c, doc)) return answer(c, doc, null, headers);
  headers["content-type"] = doc.contentType;

  const site = c.get("site");
  const key = isolateCacheKey(site.url, doc.path, doc.etag);
  const budget = documentCacheBytes(c.env);
  feedDocuments.setBudget(budget);
  const remembered = budget > 0 ? feedDocuments.get(key) : null;
  if (remembered !== null) {
    headers["x-edge-cache"] = "hit";
    return answer(c, doc, remembered, headers);
  }
  const edgeKey = edgeCacheKey(site.url, doc.path, doc.etag);
  const cached = await readEdgeCache(edgeKey);
  if (cached !== null) {
    if (budget > 0) feedDocuments.set(key, cached);
    headers["x-edge-cache"] = "hit";
    return answer(c, doc, cached, headers);
  }
  // Encoded once: the same bytes go to the response, this isolate's LRU and the edge cache.
  const body = await doc.render();
  // A page's render is hono's HtmlEscapedString, a String object: only bytes pass through unencoded.
  const bytes = (body instanceof Uint8Array ? body : UTF8.encode(String(body))) as Uint8Array<ArrayBuffer>;
  if (budget > 0) feedDocuments.set(key, bytes);
  if (c.req.method === "GET" && edgeWriteDue(edgeKey, c.get("now"))) {
    writeEdgeCache(c, edgeKey, bytes, doc.contentType);
  }
  headers["x-edge-cache"] = "miss";
  return answer(c, doc, bytes, headers);
}

/** The headers a 304 and a 200 share: the caller's, Cache-Tag and the validators (as lib/conditional.ts sets them). */
function validatorHeaders(doc: CachedDocument): Record<string, string> {
  const headers: Record<string, string> = { ...doc.headers, "cache-tag": cacheTagHeader(doc.tags) };
  headers.etag = doc.etag;
  if (doc.lastModified != null) headers["last-modified"] = httpDate(doc.lastModified);
  headers["cache-control"] = doc.cacheControl;
  return headers;
}

function requestIsCurrent(c: Context<AppEnv>, doc: CachedDocument): boolean {
  const method = c.req.method;
  if (method !== "GET" && method !== "HEAD") return false;
  return clientIsCurrent(c.req.raw.headers, { etag: doc.etag, lastModified: doc.lastModified });
}

/** A 200 with `body`, or a 304 when it is null. */
function answer(
  c: Context<AppEnv>,
  doc: CachedDocument,
  body: Uint8Array<ArrayBuffer> | null,
  headers: Record<string, string>,
): Response {
  if (!doc.ownsHeaders) {
    for (const name in headers) c.header(name, headers[name]);
    return body === null ? c.body(null, 304) : c.body(body, 200);
  }
  return new Response(body, {
    status: body === null ? 304 : 200,
    headers: headerSet(headers, body !== null),
  });
}

// Ready Headers objects of recent answers, by every header they hold: a Response copies one natively,
// where a record of twenty strings is converted header by header on every request. The Response gets
// its own copy, so a stored set is never changed.
const headerSets = new ByteLru<Headers>(256 * 1024, (headers) => headerSetBytes(headers));
const headerSetSizes = new WeakMap<Headers, number>();
const headerSetBytes = (headers: Headers) => headerSetSizes.get(headers) ?? 0;

function headerSet(record: Record<string, string>, withBody: boolean): Headers {
  let key = withBody ? "200" : "304";
  for (const name in record) key += `\u0000${name}\u0000${record[name]}`;
  let headers = headerSets.get(key);
  if (headers === undefined) {
    // What the app-wide htmlSecurityHeaders middleware would add, added here; it then leaves the answer alone.
    if (withBody && takesPageSecurityHeaders(record["content-type"] ?? null)) addPageSecurityHeaders(record);
    headers = new Headers(record);
    let bytes = stringBytes(key);
    for (const name in record) bytes += stringBytes(name) + stringBytes(record[name] ?? "");
    headerSetSizes.set(headers, bytes);
    headerSets.set(key, headers);
  }
  return headers;
}

// One formatted date per validator time: a busy document asks for the same one on every request.
let lastDate = { ms: Number.NaN, text: "" };
function httpDate(ms: number): string {
  if (lastDate.ms !== ms) lastDate = { ms, text: new Date(ms).toUTCString() };
  return lastDate.text;
}

/** This isolate's key of a document: the site, the canonical document and its validator. */
function isolateCacheKey(origin: string, canonicalPath: string, etag: string): string {
  return `${origin}${canonicalPath}\u0000${etag}`;
}

// Edge cache keys of recently served documents: building one parses a URL, and a busy document asks
// for the same one on every request. Bounded like every isolate cache.
const edgeKeys = new ByteLru<string>(64 * 1024, stringBytes);

/**
 * Edge cache key: the canonical document URL plus its validator. Purge strategy: none needed — any
 * public change of what the document shows changes the validator, so the next request misses and
 * renders afresh, while entries of old validators age out unused. A URL string, which the Cache API
 * takes as a GET of it: no Request object per lookup.
 */
export function edgeCacheKey(origin: string, canonicalPath: string, etag: string): string {
  const memoKey = isolateCacheKey(origin, canonicalPath, etag);
  let key = edgeKeys.get(memoKey);
  if (key === undefined) {
    const url = new URL(canonicalPath, origin);
    url.searchParams.set("_v", etag.replace(/"/g, ""));
    key = url.toString();
    edgeKeys.set(memoKey, key);
  }
  return key;
}

function edgeCache(): Cache | null {
  return typeof caches === "undefined" ? null : caches.default;
}

// The events keep their feed.* names (docs/operations.md, alerts); they now cover every cached document.

/** A cached body for this key, or null; a failing cache is logged and treated as a miss. */
async function readEdgeCache(key: string): Promise<Uint8Array<ArrayBuffer> | null> {
  try {
    const hit = await edgeCache()?.match(key);
    return hit ? new Uint8Array(await hit.arrayBuffer()) : null;
  } catch (err) {
    console.error(JSON.stringify({ event: "feed.cache.read_failed", key, error: String(err) }));
    return null;
  }
}

// A key this isolate stored a moment ago that the lookup still misses was not kept: the Cache API
// is a no-op there (workers.dev, a cache turned off) or dropped it at once. Storing the same bytes
// again on every miss would copy and send the whole document each time for nothing (about 1 ms of
// workerd CPU per 230 KB locally), so an isolate stores a key at most once a minute. A new
// validator is a new key, so this never delays storing a changed document.
export const EDGE_REWRITE_INTERVAL_MS = 60_000;
const edgeWrites = new ByteLru<number>(64 * 1024, () => 8);

function edgeWriteDue(key: string, now: number): boolean {
  const last = edgeWrites.get(key);
  if (last !== undefined && now >= last && now - last < EDGE_REWRITE_INTERVAL_MS) return false;
  edgeWrites.set(key, now);
  return true;
}

/** Stores a rendered body in the background; never fails the request. */
function writeEdgeCache(c: Context<AppEnv>, key: string, body: Uint8Array, contentType: string): void {
  const store = async () => {
    const response = new Response(body, {
      headers: { "content-type": contentType, "cache-control": EDGE_ENTRY_CACHE_CONTROL },
    });
    await edgeCache()?.put(key, response);
  };
  const work = store().catch((err) => {
    // Not stored: the next miss may try again.
    edgeWrites.delete(key);
    console.error(JSON.stringify({ event: "feed.cache.write_failed", key, error: String(err) }));
  });
  try {
    c.executionCtx.waitUntil(work);
  } catch {
    // No execution context (app.request in unit tests): the promise still settles on its own.
  }
}
