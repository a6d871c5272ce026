import { and, eq, gt, inArray, type SQL, sql } from "drizzle-orm";
import type { ArticleRow } from "../domain/article";
import type { Scope } from "../domain/scope";
import { SITE_SCOPE } from "../domain/scope";
import type { SearchPosition } from "../lib/search-cursor";
import type { SearchQuery } from "../lib/search-text";
import { inflateBodies } from "./article-body";
import { type EditorListFilter, editorListConditions } from "./article-queries";
import type { Db } from "./client";
import { articleScopes, articles } from "./schema";
import { SEARCH_TABLE } from "./search-index";
import { publiclyVisibleIn } from "./visibility";

// bm25 column weights, in the table's column order: title, lede (subtitle + summary), body, meta.
const WEIGHTS = sql.raw("10.0, 4.0, 1.0, 2.0");
/** Relevance halves for every HALF_LIFE_MS an article is older than another (docs/search.md). */
export const HALF_LIFE_MS = 90 * 24 * 60 * 60 * 1000;

export type SearchAudience =
  | { kind: "public"; now: number; scope?: Scope; updatedSince?: number }
  | { kind: "editor"; filter: EditorListFilter };

export interface SearchHit {
  article: ArticleRow;
  /** 1 when the whole query stands contiguous in the title or body (ranked first), else 0. */
  tier: number;
  score: number;
}

/**
 * One page of articles matching `query`, best first: phrase matches, then by
 * score = ln(1 + relevance) + ln 2 × publishedAt / HALF_LIFE_MS, where relevance is −bm25.
 * The score depends on no clock, so a cursor (tier, score, id) pages without skipping or
 * repeating while the index is unchanged. Public readers see exactly what the listing of `scope`
 * shows now (visibility.ts); editors see every article their list filter admits.
 */
export async function searchArticles(
  db: Db,
  query: SearchQuery,
  audience: SearchAudience,
  page: { limit: number; after?: SearchPosition | null },
): Promise<SearchHit[]> {
  const table = sql.identifier(SEARCH_TABLE);
  const visible: (SQL | undefined)[] =
    audience.kind === "public"
      ? [
          publiclyVisibleIn(audience.scope ?? SITE_SCOPE, audience.now),
          audience.updatedSince === undefined
            ? undefined
            : gt(articles.publicChangedAt, audience.updatedSince),
        ]
      : editorListConditions(db, audience.filter);
  const scopeJoin =
    audience.kind === "public"
      ? sql`cross join ${articleScopes} on ${eq(articleScopes.articleId, articles.id)}`
      : sql``;
  const after = page.after
    ? sql`where (tier, score, id) < (${page.after.tier}, ${page.after.score}, ${page.after.id})`
    : sql``;
  // MATERIALIZED: without it SQLite flattens the CTEs and probes the FTS table once per visible
  // article (rowid = ? and match), re-running the whole match each time — quadratic in the matches.
  // CROSS JOIN keeps the matches the outer loop: D1 has no ANALYZE statistics, and without them
  // SQLite scans every visible article of the scope first, so a one-match query grew with the archive.
  const ranked = await db.all<{ id: number; tier: number; score: number }>(sql`
    with hits as materialized (
      select rowid as id, -bm25(${table}, ${WEIGHTS}) as relevance from ${table} where ${table} match ${query.match}
    ),
    phrase_hits as materialized (select rowid as id from ${table} where ${table} match ${query.phrase}),
    ranked as (
      select ${articles.id} as id,
        (${articles.id} in (select id from phrase_hits)) as tier,
        ln(1 + hits.relevance) + ${Math.LN2} * coalesce(${articles.publishedAt}, ${articles.updatedAt}) / ${HALF_LIFE_MS} as score
      from hits cross join ${articles} on ${articles.id} = hits.id ${scopeJoin}
      where ${and(sql`1`, ...visible)}
    )
    select id, tier, score from ranked ${after}
    order by tier desc, score desc, id desc
    limit ${page.limit}`);
  if (ranked.length === 0) return [];
  const rows = await db
    .select()
    .from(articles)
    .where(
      inArray(
        articles.id,
        ranked.map((r) => r.id),
      ),
    );
  const byId = new Map(inflateBodies(rows).map((row) => [row.id, row]));
  return ranked.flatMap((r) => {
    const article = byId.get(r.id);
    return article ? [{ article, tier: r.tier, score: r.score }] : [];
  });
}
