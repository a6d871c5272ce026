import type { Context } from "hono";
import { documentCacheBytes, feedDocuments } from "../db/isolate-cache";
import { cacheTagHeader } from "../domain/cache-tags";
import type { AppEnv } from "../env";
import { conditional } from "../lib/conditional";

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
}

/**
 * Only for documents that are the same for every reader: a caller whose answer depends on who asks
 * (the API's editor view) must not come here, so no cache entry can ever hold what a token saw.
 */
export async function serveCachedDocument(c: Context<AppEnv>, doc: CachedDocument): Promise<Response> {
  c.header("cache-tag", cacheTagHeader(doc.tags));
  const notModified = conditional(c, { etag: doc.etag, lastModified: doc.lastModified }, doc.cacheControl);
  if (notModified) return notModified;
  c.header("content-type", doc.contentType);

  const key = edgeCacheKey(c.var.site.url, doc.path, doc.etag);
  const budget = documentCacheBytes(c.env);
  feedDocuments.setBudget(budget);
  const remembered = budget > 0 ? feedDocuments.get(key.url) : null;
  if (remembered !== null) {
    c.header("x-edge-cache", "hit");
    return c.body(remembered, 200);
  }
  const cached = await readEdgeCache(key);
  if (cached !== null) {
    if (budget > 0) feedDocuments.set(key.url, cached);
    c.header("x-edge-cache", "hit");
    return c.body(cached, 200);
  }
  // Encoded once: the same bytes go to the response, this isolate's LRU and the edge cache.
  const body = await doc.render();
  const bytes = (typeof body === "string" ? UTF8.encode(body) : body) as Uint8Array<ArrayBuffer>;
  if (budget > 0) feedDocuments.set(key.url, bytes);
  if (c.req.method === "GET") writeEdgeCache(c, key, bytes, doc.contentType);
  c.header("x-edge-cache", "miss");
  return c.body(bytes, 200);
}

/**
 * Edge cache key: the canonical document URL plus its validator. Purge strategy: none needed — any
 * public change of what the document shows changes the validator, so the next request misses and
 * renders afresh, while entries of old validators age out unused.
 */
export function edgeCacheKey(origin: string, canonicalPath: string, etag: string): Request {
  const url = new URL(canonicalPath, origin);
  url.searchParams.set("_v", etag.replace(/"/g, ""));
  return new Request(url.toString(), { method: "GET" });
}

function edgeCache(): Cache | null {
  return typeof caches === "undefined" ? null : caches.default;
}

// The events keep their feed.* names (docs/operations.md, alerts); they now cover every cached document.

/** A cached body for this key, or null; a failing cache is logged and treated as a miss. */
async function readEdgeCache(key: Request): Promise<Uint8Array<ArrayBuffer> | null> {
  try {
    const hit = await edgeCache()?.match(key);
    return hit ? new Uint8Array(await hit.arrayBuffer()) : null;
  } catch (err) {
    console.error(JSON.stringify({ event: "feed.cache.read_failed", key: key.url, error: String(err) }));
    return null;
  }
}

/** Stores a rendered body in the background; never fails the request. */
function writeEdgeCache(c: Context<AppEnv>, key: Request, body: Uint8Array, contentType: string): void {
  const store = async () => {
    const response = new Response(body, {
      headers: { "content-type": contentType, "cache-control": EDGE_ENTRY_CACHE_CONTROL },
    });
    await edgeCache()?.put(key, response);
  };
  const work = store().catch((err) => {
    console.error(JSON.stringify({ event: "feed.cache.write_failed", key: key.url, error: String(err) }));
  });
  try {
    c.executionCtx.waitUntil(work);
  } catch {
    // No execution context (app.request in unit tests): the promise still settles on its own.
  }
}
