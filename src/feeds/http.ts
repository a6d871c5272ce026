import type { Context } from "hono";
import type { AppEnv } from "../env";
import { shortHash } from "../lib/short-hash";
import type { SiteConfig } from "../lib/site";
import { FEED_STYLESHEET_FILE } from "../render/feed-css";
import { FEED_MEDIA_TYPE, FEED_RENDER_VERSION } from "./model";
import type { FeedFormat } from "./urls";

// Polling readers revalidate every 5 minutes; a reader or edge may serve a stale copy while it
// revalidates, and for a day when the origin fails.
export const FEED_CACHE_CONTROL = "public, max-age=300, stale-while-revalidate=600, stale-if-error=86400";
// A month that has ended only changes when one of its articles is edited or removed.
export const CLOSED_ARCHIVE_CACHE_CONTROL =
  "public, max-age=3600, stale-while-revalidate=86400, stale-if-error=604800";
// Entries are keyed by validator, so an entry can never be stale; this is only an eviction bound.
const EDGE_ENTRY_CACHE_CONTROL = "public, max-age=604800";

const renderKeys = new WeakMap<SiteConfig, string>();

/** Everything besides the data that shapes feed bytes; part of every feed validator. */
export function feedRenderKey(site: SiteConfig): string {
  // siteFromEnv returns one object per environment, so this is hashed once per isolate.
  let key = renderKeys.get(site);
  if (key === undefined) {
    key = shortHash(JSON.stringify([FEED_RENDER_VERSION, FEED_STYLESHEET_FILE, site]));
    renderKeys.set(site, key);
  }
  return key;
}

/**
 * Chromium shows application/rss+xml and application/atom+xml as plain text, so the CSS stylesheet
 * never applies; a browser navigating to a feed (it asks for text/html, never for a feed type) gets
 * the same bytes as application/xml. Feed readers ask for feed types or anything, and get those.
 */
export function feedContentType(format: FeedFormat, accept: string | undefined): string {
  const wanted = accept ?? "";
  const browser =
    format !== "json" && wanted.includes("text/html") && !/application\/(rss|atom)\+xml/.test(wanted);
  return `${browser ? "application/xml" : FEED_MEDIA_TYPE[format]}; charset=utf-8`;
}

/** `Link` header for WebSub discovery (hub + topic) as well as the feed's own elements. */
export function websubLinkHeader(hubUrl: string | null, selfUrl: string): string {
  const self = `<${selfUrl}>; rel="self"`;
  return hubUrl ? `<${hubUrl}>; rel="hub", ${self}` : self;
}

/**
 * Edge cache key: the canonical document URL plus its validator. Purge strategy: none needed — any
 * public change of the scope changes the validator, so the next request misses and renders afresh,
 * while entries of old validators age out unused.
 */
export function edgeCacheKey(origin: string, canonicalPath: string, etag: string): Request {
  const url = new URL(canonicalPath, origin);
  url.searchParams.set("_v", etag.replace(/"/g, ""));
  return new Request(url.toString(), { method: "GET" });
}

function edgeCache(): Cache | null {
  return typeof caches === "undefined" ? null : caches.default;
}

/** A cached body for this key, or null; a failing cache is logged and treated as a miss. */
export async function readEdgeCache(key: Request): Promise<string | null> {
  try {
    const hit = await edgeCache()?.match(key);
    return hit ? await hit.text() : null;
  } catch (err) {
    console.error(JSON.stringify({ event: "feed.cache.read_failed", key: key.url, error: String(err) }));
    return null;
  }
}

/** Stores a rendered body in the background; never fails the request. */
export function writeEdgeCache(c: Context<AppEnv>, key: Request, body: string, contentType: string): void {
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
