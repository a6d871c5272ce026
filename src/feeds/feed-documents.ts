import { scopeLastChanged } from "../db/article-queries";
import type { Db } from "../db/client";
import { type EntryKey, keptOrPublicPage, type PageOptions } from "../db/feed-queries";
import { memoizedValidator } from "../db/isolate-cache";
import { scopeCacheTag } from "../domain/cache-tags";
import type { Keyset, PageCursor } from "../lib/cursor";
import type { FeedContent } from "../lib/feed-content";
import { problem } from "../lib/problem";
import type { SiteConfig } from "../lib/site";
import { monthOf } from "./archive";
import { type EntryCache, encodedEntry } from "./feed-bytes";
import { type FeedTarget, feedDocumentPath } from "./feed-path";
import { FEED_CACHE_CONTROL } from "./http";
import { buildFeedFrame, entryRevision, type PagePaging, type PendingEntry, pendingEntry } from "./model";
import type { FeedDocumentSource } from "./serve-document";
import type { FeedFormat } from "./urls";

/** What finding a feed document reads: the request's database, site and clock. */
export interface FeedReader {
  db: Db;
  site: SiteConfig;
  now: number;
  /** How long this isolate may reuse a scope's validator (FEED_VALIDATOR_TTL_MS). */
  validatorTtlMs: number;
  /** Full bodies or excerpts: the request's ?content=, else the site's FEED_CONTENT. */
  content: FeedContent;
  /** This isolate's encoded entries; absent: every entry is read and built. */
  entryCache?: EntryCache;
}

export interface PageRequest {
  cursor: PageCursor | null;
  /** The `limit` query parameter, already validated; null for the site's page size. */
  limit: number | null;
}

const position = (a: EntryKey): Keyset => ({ at: a.publishedAt ?? 0, id: a.id });

export const feedNotFound = () => problem({ status: 404, type: "not-found", title: "No such feed" });

/** The subscription document or one of its pages; 404 for a scope that never had a public article. */
export async function subscriptionPage(
  reader: FeedReader,
  target: FeedTarget,
  { cursor, limit: explicitLimit }: PageRequest,
): Promise<FeedDocumentSource> {
  const { db, site, now, validatorTtlMs, content } = reader;
  const { scope } = target;
  const limit = explicitLimit ?? site.feedPageSize;
  // One indexed query decides 304 before anything is listed or rendered.
  const changed = await memoizedValidator(`${scope.kind}\u0000${scope.key}`, now, validatorTtlMs, () =>
    scopeLastChanged(db, scope, now),
  );
  if (scope.kind !== "site" && !changed) throw feedNotFound();

  const pageLimit = limit === site.feedPageSize ? null : limit;
  const path = feedDocumentPath(target, { cursor, pageLimit, content: contentQuery(site, content) });
  const load = async () => {
    const page = { now, limit: limit + 1, entries: limit, ...cursor };
    const { keys, entries } = await pageEntries(reader, target.format, scope, page, path);
    const paging: PagePaging = { kind: "page", cursor, limit: pageLimit, ...pageLinks(cursor, keys, limit) };
    const frame = buildFeedFrame(site, scope, paging, changed ?? 0, content);
    // A page newer than its cursor was read oldest first.
    return { frame, entries: cursor && "after" in cursor ? entries.reverse() : entries };
  };
  return {
    format: target.format,
    path,
    validator: changed ?? 0,
    lastModified: changed || null,
    cacheControl: FEED_CACHE_CONTROL,
    tags: [scopeCacheTag(scope)],
    load,
  };
}

/**
 * The links of a page read `limit + 1` keys deep in its cursor's direction. Nothing is read to name
 * the previous page: it is the `limit` items just newer than this page's newest. A page read newer
 * than its cursor links back older than its oldest (the page it came from, while nothing changes),
 * and further newer only when its extra key exists: the page that holds the newest items has no
 * previous link, so walking either way visits each article once (`first` is always linked).
 */
function pageLinks(
  cursor: PageCursor | null,
  keys: readonly EntryKey[],
  limit: number,
): Pick<PagePaging, "next" | "previous" | "prevArchive"> {
  const shown = keys.slice(0, limit);
  const more = keys.length > limit;
  if (cursor && "after" in cursor) {
    // Oldest first. An empty page (everything newer was removed) links older than its own cursor.
    const oldest = shown[0];
    const newest = shown.at(-1);
    return {
      next: oldest ? position(oldest) : cursor.after,
      previous: more && newest ? position(newest) : null,
      prevArchive: null,
    };
  }
  const oldest = shown.at(-1);
  const newest = shown[0];
  return {
    next: more && oldest ? position(oldest) : null,
    previous: cursor ? (newest ? position(newest) : cursor.before) : null,
    prevArchive: !cursor && oldest?.publishedAt != null ? monthOf(oldest.publishedAt) : null,
  };
}

/**
 * The page's keys and the entries of its first `entries`: encoded ones as this isolate holds them,
 * the others built from rows read under the visibility rule (db/public-entries.ts keptOrPublicPage).
 * An article hidden since its key was read is left out.
 */
async function pageEntries(
  { db, site, content, entryCache }: FeedReader,
  format: FeedFormat,
  scope: FeedTarget["scope"],
  page: PageOptions & { entries: number },
  path: string,
): Promise<{ keys: EntryKey[]; entries: PendingEntry[] }> {
  const keeps = entryCache !== undefined && entryCache.budget > 0;
  const { keys, found } = await keptOrPublicPage(
    db,
    scope,
    page,
    { key: `${format}\u0000${path}`, keeps },
    (key): PendingEntry | undefined => {
      const revision = entryRevision(key, content);
      const encoded = entryCache ? encodedEntry(format, entryCache, revision) : undefined;
      return encoded === undefined ? undefined : { revision, encoded };
    },
  );
  const entries = found.map((entry) =>
    "kept" in entry ? entry.kept : pendingEntry(entry.row, site, content),
  );
  return { keys, entries };
}

// The path (self link, ETag, cache keys) names the content only when it is not the site's default.
export const contentQuery = (site: SiteConfig, content: FeedContent) =>
  content === site.feedContent ? null : content;
