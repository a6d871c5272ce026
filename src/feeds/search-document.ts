import { scopeLastChanged } from "../db/article-queries";
import type { Db } from "../db/client";
import { searchFeedArticles, searchFeedHeads } from "../db/search-feed-queries";
import { SEARCH_CACHE_TAG } from "../domain/cache-tags";
import { SITE_SCOPE } from "../domain/scope";
import type { SearchQuery } from "../lib/search-text";
import { sha256Hex } from "../lib/sha256";
import { absoluteUrl, type SiteConfig } from "../lib/site";
import { buildFeedParts, entryUpdatedAt, type FormatUrls, type PagePaging } from "./model";
import type { FeedDocumentSource } from "./serve-document";
import { FEED_FILE, FEED_FORMATS, type FeedFormat } from "./urls";

// Short-lived: a search is cheap to ask again, and a pulled article must leave shared caches soon.
export const SEARCH_CACHE_CONTROL = "public, max-age=60, stale-while-revalidate=60";

/** /search/feed.xml?q=…: the path (and self link) of a search feed, the query encoded. */
export function searchFeedPath(q: string, format: FeedFormat): string {
  return `/search/${FEED_FILE[format]}?${new URLSearchParams({ q })}`;
}

export function searchFeedTitle(q: string, site: SiteConfig): string {
  return `Search: ${q} — ${site.title}`;
}

/**
 * A search feed: the newest public matches of `query`, one document without paging. The validator
 * is a digest of the matches' ids and write ids in order, read at `now`: it changes exactly when
 * the entries would — a new match published or coming due, an edit (which may also make an
 * article stop matching), a pull or a delete. Last-Modified is the site's last public change.
 */
export async function searchFeedDocument(
  reader: { db: Db; site: SiteConfig; now: number },
  search: { q: string; query: SearchQuery; format: FeedFormat },
): Promise<FeedDocumentSource> {
  const { db, site, now } = reader;
  const heads = await searchFeedHeads(db, search.query, { now, limit: site.feedPageSize });
  // Any public change anywhere moves the site's last change, so If-Modified-Since is never too
  // optimistic; If-None-Match (the digest) is exact.
  const siteChanged = await scopeLastChanged(db, SITE_SCOPE, now);
  const digest = await sha256Hex(heads.map((h) => `${h.id}:${h.writeId}`).join(","));
  const load = async () => {
    const items = await searchFeedArticles(db, heads);
    const updated = Math.max(0, ...items.map(entryUpdatedAt));
    const paging: PagePaging = {
      kind: "page",
      cursor: null,
      limit: null,
      next: null,
      previous: null,
      prevArchive: null,
    };
    const { frame, entries } = buildFeedParts(items, site, SITE_SCOPE, paging, updated, site.feedContent);
    const self = Object.fromEntries(
      FEED_FORMATS.map((f) => [f, absoluteUrl(site, searchFeedPath(search.q, f))]),
    ) as FormatUrls;
    const searchFrame = {
      ...frame,
      id: self.atom,
      title: searchFeedTitle(search.q, site),
      homeUrl: absoluteUrl(site, `/search?${new URLSearchParams({ q: search.q })}`),
      self,
      subscription: self,
      links: {},
      // The hub is never told about search results: readers must poll, not wait for pushes.
      hubUrl: null,
    };
    return { frame: searchFrame, entries };
  };
  return {
    format: search.format,
    path: searchFeedPath(search.q, search.format),
    validator: digest.slice(0, 24),
    lastModified: siteChanged || null,
    cacheControl: SEARCH_CACHE_CONTROL,
    tags: [SEARCH_CACHE_TAG],
    load,
  };
}
