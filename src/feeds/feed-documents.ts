import { type ListedArticle, scopeLastChanged } from "../db/article-queries";
import type { Db } from "../db/client";
import { archiveState, listPublicEntries, listPublicNewer, listPublicRange } from "../db/feed-queries";
import { memoizedValidator } from "../db/isolate-cache";
import type { Keyset } from "../lib/cursor";
import type { FeedContent } from "../lib/feed-content";
import { problem } from "../lib/problem";
import { shortHash } from "../lib/short-hash";
import type { SiteConfig } from "../lib/site";
import { isClosedMonth, monthOf, monthRange } from "./archive";
import { type FeedTarget, feedDocumentPath } from "./feed-path";
import { CLOSED_ARCHIVE_CACHE_CONTROL, FEED_CACHE_CONTROL } from "./http";
import { buildFeedModel, entryUpdatedAt, type PagePaging } from "./model";
import type { FeedDocumentSource } from "./serve-document";

// More than a month of a busy newsroom's site feed; beyond it an archive would need day buckets.
export const ARCHIVE_MAX_ITEMS = 2000;

/** What finding a feed document reads: the request's database, site and clock. */
export interface FeedReader {
  db: Db;
  site: SiteConfig;
  now: number;
  /** How long this isolate may reuse a scope's validator (FEED_VALIDATOR_TTL_MS). */
  validatorTtlMs: number;
  /** Full bodies or excerpts: the request's ?content=, else the site's FEED_CONTENT. */
  content: FeedContent;
}

export interface PageRequest {
  cursor: Keyset | null;
  /** The `limit` query parameter, already validated; null for the site's page size. */
  limit: number | null;
}

const position = (a: ListedArticle): Keyset => ({ at: a.publishedAt ?? 0, id: a.id });

export const feedNotFound = () => problem({ status: 404, type: "not-found", title: "No such feed" });

/** The subscription document or one of its pages; 404 for a scope that never had a public article. */
export async function subscriptionPage(
  { db, site, now, validatorTtlMs, content }: FeedReader,
  target: FeedTarget,
  { cursor, limit: explicitLimit }: PageRequest,
): Promise<FeedDocumentSource> {
  const { scope } = target;
  const limit = explicitLimit ?? site.feedPageSize;
  // One indexed query decides 304 before anything is listed or rendered.
  const changed = await memoizedValidator(`${scope.kind}\u0000${scope.key}`, now, validatorTtlMs, () =>
    scopeLastChanged(db, scope, now),
  );
  if (scope.kind !== "site" && !changed) throw feedNotFound();

  const pageLimit = limit === site.feedPageSize ? null : limit;
  const load = async () => {
    const rows = await listPublicEntries(db, scope, { now, limit: limit + 1, before: cursor });
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
    return buildFeedModel(items, site, scope, paging, changed ?? 0, content);
  };
  return {
    format: target.format,
    path: feedDocumentPath(target, { cursor, pageLimit, content: contentQuery(site, content) }),
    validator: changed ?? 0,
    lastModified: changed || null,
    cacheControl: FEED_CACHE_CONTROL,
    load,
  };
}

/** One month's archive document (RFC 5005); 404 for a month with no public article in the scope. */
export async function archiveMonth(
  { db, site, now, content }: FeedReader,
  target: FeedTarget,
  month: string,
): Promise<FeedDocumentSource> {
  const { scope } = target;
  const range = monthRange(month);
  if (!range) throw feedNotFound();
  const [changed, state] = await Promise.all([
    scopeLastChanged(db, scope, now),
    archiveState(db, scope, { now, from: range.start, to: range.end }),
  ]);
  if (state.members.length === 0) throw feedNotFound();
  const prevArchive = state.older === null ? null : monthOf(state.older);
  const nextArchive = state.newer === null ? null : monthOf(state.newer);
  const load = async () => {
    const rows = await listPublicRange(db, scope, {
      now,
      from: range.start,
      to: range.end,
      limit: ARCHIVE_MAX_ITEMS + 1,
    });
    if (rows.length > ARCHIVE_MAX_ITEMS) {
      console.error(
        JSON.stringify({ event: "feed.archive.truncated", scope, month, limit: ARCHIVE_MAX_ITEMS }),
      );
    }
    const items = rows.slice(0, ARCHIVE_MAX_ITEMS);
    // An archive's own date is its newest entry's, so it does not move with unrelated changes.
    const updated = Math.max(0, ...items.map(entryUpdatedAt));
    const paging = { kind: "archive", month, prevArchive, nextArchive } as const;
    return buildFeedModel(items, site, scope, paging, updated, content);
  };
  return {
    format: target.format,
    path: feedDocumentPath(target, { cursor: null, pageLimit: null, content: contentQuery(site, content) }),
    // Precise validator: only this month's members, their changes and the neighbour links shape the bytes.
    validator: shortHash(
      JSON.stringify([state.members.map((m) => [m.id, m.changed]), prevArchive, nextArchive]),
    ),
    // The scope's last change: an upper bound, so If-Modified-Since is never wrongly 304.
    lastModified: changed || null,
    cacheControl: isClosedMonth(month, now) ? CLOSED_ARCHIVE_CACHE_CONTROL : FEED_CACHE_CONTROL,
    load,
  };
}

// The path (self link, ETag, cache keys) names the content only when it is not the site's default.
const contentQuery = (site: SiteConfig, content: FeedContent) =>
  content === site.feedContent ? null : content;
