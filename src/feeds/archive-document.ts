import {
  newestBeforeQuery,
  oldestFromQuery,
  pageMembersQuery,
  periodCounts,
  periodMembersQuery,
  periodUpdatedQuery,
} from "../db/archive-queries";
import { scopeLastChanged } from "../db/article-queries";
import { listPublicRange, listPublicRangePage } from "../db/feed-queries";
import { scopeCacheTag } from "../domain/cache-tags";
import type { Scope } from "../domain/scope";
import type { Keyset } from "../lib/cursor";
import { shortHash } from "../lib/short-hash";
import {
  ARCHIVE_MAX_ITEMS,
  type ArchivePeriod,
  isClosedPeriod,
  leafKeyOf,
  type PeriodCounts,
  pagesOf,
  parsePeriod,
  periodRole,
  periodsAround,
} from "./archive";
import { contentQuery, type FeedReader, feedNotFound } from "./feed-documents";
import { type FeedTarget, feedDocumentPath } from "./feed-path";
import { CLOSED_ARCHIVE_CACHE_CONTROL, FEED_CACHE_CONTROL } from "./http";
import { buildFeedParts, entryUpdatedAt } from "./model";
import type { FeedDocumentSource } from "./serve-document";

type Reader = Pick<FeedReader, "db" | "now">;

function countsAround({ db, now }: Reader, scope: Scope, anchor: Keyset): Promise<PeriodCounts> {
  return periodCounts(db, scope, { now, anchor, ranges: periodsAround(anchor.at), cap: ARCHIVE_MAX_ITEMS });
}

/** The archive document (leaf of the split) that holds this article, or null for none. */
async function leafHolding(reader: Reader, scope: Scope, article: Keyset | undefined) {
  if (!article) return null;
  return leafKeyOf(article.at, await countsAround(reader, scope, article));
}

/**
 * One archive document (RFC 5005 §4) of a month, week, day or day page; 404 for a period with no
 * public article in the scope and for a part of a period that is not split. A split period's own
 * URL serves an index without entries: prev-archive leads to its newest part, next-archive past it,
 * so walking prev-archive from it (or next-archive from the oldest archive) visits every article once.
 */
export async function archiveDocument(
  reader: FeedReader,
  target: FeedTarget,
  key: string,
): Promise<FeedDocumentSource> {
  const { db, site, now, content } = reader;
  const { scope } = target;
  const period = parsePeriod(key);
  if (!period) throw feedNotFound();
  const { start, end } = period.range;
  const [changed, counts, [older], [newer], [newestInside]] = await Promise.all([
    scopeLastChanged(db, scope, now),
    countsAround(reader, scope, { at: start, id: 0 }),
    newestBeforeQuery(db, scope, now, start),
    oldestFromQuery(db, scope, now, end),
    newestBeforeQuery(db, scope, now, end),
  ]);
  const role = periodRole(period, counts);
  if (role === "absent") throw feedNotFound();
  const common = {
    format: target.format,
    path: feedDocumentPath(target, { cursor: null, pageLimit: null, content: contentQuery(site, content) }),
    // The scope's last change: an upper bound, so If-Modified-Since is never wrongly 304.
    lastModified: changed || null,
    cacheControl: isClosedPeriod(period, now) ? CLOSED_ARCHIVE_CACHE_CONTROL : FEED_CACHE_CONTROL,
    tags: [scopeCacheTag(scope)],
  };
  const paging = (prevArchive: string | null, nextArchive: string | null) =>
    ({ kind: "archive", period: key, prevArchive, nextArchive }) as const;

  if (role === "index") {
    const [prevArchive, nextArchive, [updatedRow]] = await Promise.all([
      leafHolding(reader, scope, newestInside),
      leafHolding(reader, scope, newer),
      periodUpdatedQuery(db, scope, now, period.range),
    ]);
    const updated = Number(updatedRow?.updated ?? 0);
    return {
      ...common,
      validator: shortHash(JSON.stringify(["index", prevArchive, nextArchive, updated])),
      load: async () => buildFeedParts([], site, scope, paging(prevArchive, nextArchive), updated, content),
    };
  }

  const page = pageOf(period, counts);
  const [members, prevArchive, nextArchive] = await Promise.all([
    page
      ? pageMembersQuery(db, scope, now, period.range, page)
      : periodMembersQuery(db, scope, now, period.range),
    page?.previous ?? leafHolding(reader, scope, older),
    page?.next ?? leafHolding(reader, scope, newer),
  ]);
  const load = async () => {
    const range = { now, from: start, to: end };
    const items = page
      ? await listPublicRangePage(db, scope, { ...range, offset: page.offset, limit: page.limit })
      : await listPublicRange(db, scope, { ...range, limit: ARCHIVE_MAX_ITEMS });
    // An archive's own date is its newest entry's, so it does not move with unrelated changes.
    const updated = Math.max(0, ...items.map(entryUpdatedAt));
    return buildFeedParts(items, site, scope, paging(prevArchive, nextArchive), updated, content);
  };
  return {
    ...common,
    // Precise validator: only this period's members, their changes and the neighbour links shape the bytes.
    validator: shortHash(JSON.stringify([members.map((m) => [m.id, m.changed]), prevArchive, nextArchive])),
    load,
  };
}

/** Position of a day page, with its neighbour pages of the same day (null: the neighbour is elsewhere). */
function pageOf(period: ArchivePeriod, counts: PeriodCounts) {
  if (period.page === null) return null;
  const day = period.key.replace(/-p\d+$/, "");
  const last = pagesOf(counts.day);
  return {
    offset: (period.page - 1) * ARCHIVE_MAX_ITEMS,
    limit: ARCHIVE_MAX_ITEMS,
    previous: period.page > 1 ? `${day}-p${period.page - 1}` : null,
    next: period.page < last ? `${day}-p${period.page + 1}` : null,
  };
}
