import { and, asc, between, sql } from "drizzle-orm";
import type { Db } from "./client";
import { articles } from "./schema";
import { articleRowPubliclyVisible } from "./visibility";

// Sitemap chunks are fixed id ranges: chunk n holds ids (n-1)·size+1 … n·size, so a chunk's URL and
// contents stay stable as the archive grows, and only chunks holding changed articles change.
// The size is also written into the two chunk indexes of migrations/0005_sitemap.sql: changing it
// means a migration that rebuilds them, or the index query falls back to reading every article.
export const SITEMAP_CHUNK_SIZE = 5000;

export interface SitemapChunkInfo {
  page: number;
  lastModified: number;
}

// Spelled exactly as the indexed expression, unqualified, so SQLite matches it to the index; the
// literals (not bound values) let the partial indexes' `kind = 'site'` apply.
const CHUNK_OF_ROW = sql.raw(`("article_id" - 1) / ${SITEMAP_CHUNK_SIZE}`);

/**
 * The chunks holding a public article now, and when each last changed: per chunk, one index entry
 * for the newest publication already due (a schedule coming due moves it with no write) and one for
 * the latest change readers saw (edits, unpublishing and deletes included, though those rows are no
 * longer listed). Rows read grow with the number of chunks, not of articles.
 */
export async function listSitemapChunks(db: Db, now: number): Promise<SitemapChunkInfo[]> {
  const rows = await db.all<{ chunk: number; due: number | null; changed: number | null }>(sql`
    with recursive
      last_chunk(n) as (
        select (max(article_id) - 1) / ${sql.raw(String(SITEMAP_CHUNK_SIZE))} from article_scopes
        where kind = 'site' and key = ''),
      chunk(n) as (
        select 0 from last_chunk where n is not null
        union all select chunk.n + 1 from chunk, last_chunk where chunk.n < last_chunk.n)
    select chunk.n as chunk,
      (select published_at from article_scopes
        where kind = 'site' and ${CHUNK_OF_ROW} = chunk.n and listed = 1 and published_at <= ${now}
        order by published_at desc limit 1) as due,
      (select public_changed_at from article_scopes
        where kind = 'site' and ${CHUNK_OF_ROW} = chunk.n and public_changed_at <= ${now}
        order by public_changed_at desc limit 1) as changed
    from chunk`);
  return rows.flatMap((r) =>
    r.due === null
      ? []
      : [{ page: Number(r.chunk) + 1, lastModified: Math.max(Number(r.due), Number(r.changed ?? 0)) }],
  );
}

/**
 * The public articles of one sitemap chunk, by id: one primary key range over articles, one row
 * read per article. An article's public_changed_at never runs ahead of its site scope row's for a
 * visible article (a schedule records its publication time), so no entry is later than the index.
 */
export async function listSitemapChunk(db: Db, page: number, now: number) {
  const first = (page - 1) * SITEMAP_CHUNK_SIZE + 1;
  return db
    .select({
      slug: articles.slug,
      lastModified: sql<number>`max(coalesce(${articles.publicChangedAt}, 0), ${articles.publishedAt})`,
    })
    .from(articles)
    .where(and(articleRowPubliclyVisible(now), between(articles.id, first, first + SITEMAP_CHUNK_SIZE - 1)))
    .orderBy(asc(articles.id));
}
