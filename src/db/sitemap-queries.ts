import { and, asc, between, sql } from "drizzle-orm";
import type { Db } from "./client";
import { compiledSelect } from "./compiled-select";
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

const chunkArticles = compiledSelect(
  { slug: articles.slug, publishedAt: articles.publishedAt, publicChangedAt: articles.publicChangedAt },
  (db, columns) =>
    db
      .select(columns)
      .from(articles)
      .where(
        and(
          articleRowPubliclyVisible(sql.placeholder("now")),
          between(articles.id, sql.placeholder("first"), sql.placeholder("last")),
        ),
      )
      .orderBy(asc(articles.id)),
);

/**
 * The public articles of one sitemap chunk, by id: one primary key range over articles, one row
 * read per article. An article's public_changed_at never runs ahead of its site scope row's for a
 * visible article (a schedule records its publication time), so no entry is later than the index.
 * Compiled once per isolate: a chunk holds up to 5,000 rows, and drizzle's row mapping cost more than D1.
 */
export async function listSitemapChunk(
  db: Db,
  page: number,
  now: number,
): Promise<{ slug: string; lastModified: number }[]> {
  const first = (page - 1) * SITEMAP_CHUNK_SIZE + 1;
  const rows = await chunkArticles(db, { now, first, last: first + SITEMAP_CHUNK_SIZE - 1 });
  // Visible rows have a publication time; the last change counts only when it is later.
  return rows.map((r) => ({
    slug: r.slug,
    lastModified: Math.max(r.publicChangedAt ?? 0, r.publishedAt ?? 0),
  }));
}
