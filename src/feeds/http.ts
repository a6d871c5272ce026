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
