import { isPubliclyVisible, type PublicArticleRow } from "../../domain/article";
import { toPublicApiArticle } from "../../domain/article-representation";
import { encodeCursor } from "../../lib/cursor";
import type { FeedContent } from "../../lib/feed-content";
import type { SiteConfig } from "../../lib/site";
import { formatRfc3339 } from "../../lib/time";

// How the public list, delta and single-article answers are shaped (routes/api/articles-read.ts).

/** The public view; an excerpt leaves the body out (summary, metadata and url stay). */
export function publicView(row: PublicArticleRow, site: SiteConfig, content: FeedContent) {
  const view = toPublicApiArticle(row, site);
  if (content === "full") return view;
  const { bodyHtml: _html, bodyText: _text, ...excerpt } = view;
  return excerpt;
}

/** `inScope` false: the article left the filtered section/tag/author, a tombstone for that poller. */
export function changeView(
  row: PublicArticleRow,
  now: number,
  site: SiteConfig,
  content: FeedContent,
  inScope: boolean,
) {
  const changedAt = formatRfc3339(row.publicChangedAt ?? row.updatedAt);
  if (inScope && isPubliclyVisible(row, now))
    return { ...publicView(row, site, content), changedAt, removed: false };
  return { id: row.id, guid: row.guid, changedAt, removed: true };
}

/** The request's path and query on SITE_URL: next links never echo the request's Host header. */
export function siteRequestUrl(requestUrl: string, siteUrl: string): string {
  const { pathname, search } = new URL(requestUrl);
  return `${siteUrl}${pathname}${search}`;
}

export function page<Row extends { id: number }, T>(
  requestUrl: string,
  rows: Row[],
  limit: number,
  position: (row: Row) => { at: number; id: number },
  view: (row: Row) => T,
) {
  return { items: rows.map(view), ...pageLinks(requestUrl, rows, limit, position) };
}

/** A page's cursor and link to the next page: none once a page comes back shorter than its limit. */
export function pageLinks<Row>(
  requestUrl: string,
  rows: readonly Row[],
  limit: number,
  position: (row: Row) => { at: number; id: number },
) {
  const last = rows.at(-1);
  const nextCursor = rows.length === limit && last ? encodeCursor(position(last)) : null;
  let next: string | null = null;
  if (nextCursor) {
    const url = new URL(requestUrl);
    url.searchParams.set("cursor", nextCursor);
    next = url.toString();
  }
  return { nextCursor, next };
}
