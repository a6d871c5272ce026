import { and, asc, count, eq, sql } from "drizzle-orm";
import type { Db } from "./client";
import { articleScopes, articles } from "./schema";
import { publiclyVisibleIn } from "./visibility";

// Sitemap pages are fixed id ranges: page n holds ids (n-1)·size+1 … n·size, so a page's URL and
// contents stay stable as the archive grows, and only pages holding changed articles change.

const publicInSite = (now: number) => publiclyVisibleIn({ kind: "site", key: "" }, now);

// A scheduled article's rows record its appearance only in published_at (scope rows keep changes
// readers saw), so its last modification is the later of the two.
const lastSeenChange = sql<number>`max(${articleScopes.publicChangedAt}, ${articleScopes.publishedAt})`;

export interface SitemapPageInfo {
  page: number;
  count: number;
  lastModified: number;
}

/** The non-empty sitemap pages and when each last changed. */
export async function listSitemapPages(db: Db, now: number, size: number): Promise<SitemapPageInfo[]> {
  // D1 binds JS numbers as REAL, so the division must be truncated explicitly.
  const page = sql<number>`cast((${articleScopes.articleId} - 1) / ${size} as integer) + 1`;
  const rows = await db
    .select({ page, count: count(), lastModified: sql<number | null>`max(${lastSeenChange})` })
    .from(articleScopes)
    .innerJoin(articles, eq(articles.id, articleScopes.articleId))
    .where(publicInSite(now))
    .groupBy(page)
    .orderBy(asc(page));
  return rows.map((r) => ({ page: Number(r.page), count: r.count, lastModified: r.lastModified ?? 0 }));
}

/** The public articles of one sitemap page, by id. */
export async function listSitemapPage(db: Db, page: number, size: number, now: number) {
  const first = (page - 1) * size + 1;
  return db
    .select({ slug: articles.slug, lastModified: lastSeenChange })
    .from(articleScopes)
    .innerJoin(articles, eq(articles.id, articleScopes.articleId))
    .where(and(publicInSite(now), sql`${articleScopes.articleId} between ${first} and ${first + size - 1}`))
    .orderBy(asc(articleScopes.articleId));
}
