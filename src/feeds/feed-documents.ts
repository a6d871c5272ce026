import { scopeLastChanged } from "../db/article-queries";
import type { Db } from "../db/client";
import { type EntryKey, keptOrPublicPage, listPublicNewer } from "../db/feed-queries";
import { memoizedValidator } from "../db/isolate-cache";
import { scopeCacheTag } from "../domain/cache-tags";
import type { Keyset } from "../lib/cursor";
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
  cursor: Keyset | null;
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
    const page = { now, limit: limit + 1, before: cursor, entries: limit };
    const { keys: rows, entries } = await pageEntries(reader, target.format, scope, page, path);
    const items = rows.slice(0, limit);
    const oldest = items.at(-1);
    let previous: PagePaging["previous"] = null;
    if (cursor) {
      const after = items[0] ? position(items[0]) : cursor;
      const newer = await listPublicNewer(db, scope, { now, after, limit: limit + 1 });
      previous = newer[limit] ?? "first";
    }
    const paging: PagePaging = {
      kind: "page",
      cursor,
      limit: pageLimit,
      next: rows.length > limit && oldest ? position(oldest) : null,
      previous,
      prevArchive: !cursor && oldest?.publishedAt != null ? monthOf(oldest.publishedAt) : null,
    };
    const frame = buildFeedFrame(site, scope, paging, changed ?? 0, content);
    return { frame, entries };
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
 * The page's keys and the entries of its first `entries`: encoded ones as this isolate holds them,
 * the others built from rows read under the visibility rule (db/public-entries.ts keptOrPublicPage).
 * An article hidden since its key was read is left out.
 */
async function pageEntries(
  { db, site, content, entryCache }: FeedReader,
  format: FeedFormat,
  scope: FeedTarget["scope"],
  page: { now: number; limit: number; before: Keyset | null; entries: number },
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
