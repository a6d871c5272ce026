import { eq, inArray, sql } from "drizzle-orm";
import { SITE_SCOPE } from "../domain/scope";
import type { SearchQuery } from "../lib/search-text";
import { inflateBodies } from "./article-body";
import { LISTED_COLUMNS, type ListedArticle } from "./article-queries";
import type { Db } from "./client";
import { articleScopes, articles } from "./schema";
import { SEARCH_TABLE } from "./search-index";
import { publiclyVisibleIn } from "./visibility";

/** What a search feed's validator is computed from: enough to tell when the document's bytes change. */
export interface SearchFeedHead {
  id: number;
  writeId: string;
}

// A subscriber wants the newest matches, not the best ones: a feed ordered by relevance could keep a
// new article below its first page forever. So feeds list matches by publication, like every feed.
// The candidates are bounded whatever the query matches: the newest FEED_WINDOW index matches (all
// of them for a narrower query, so its feed is exact), and the matches among the site's newest
// RECENT_LISTED public entries, so an article written long ago and published now (a schedule
// coming due) still heads the feed the moment it appears. A feed shows one page (20), so its window
// is smaller than a ranked search's: it fills on a small archive already, and costs the same after.
const FEED_WINDOW = 250;
const RECENT_LISTED = 500;

/** The newest public matches (id and write id only), newest first: one query decides 304. */
export async function searchFeedHeads(
  db: Db,
  query: SearchQuery,
  options: { now: number; limit: number },
): Promise<SearchFeedHead[]> {
  const table = sql.identifier(SEARCH_TABLE);
  const visible = publiclyVisibleIn(SITE_SCOPE, options.now);
  // MATERIALIZED, and the candidates the outer loop (CROSS JOIN): D1 keeps no ANALYZE statistics,
  // and SQLite would otherwise walk the whole listing index testing each entry against the matches.
  return db.all<SearchFeedHead>(sql`
    with newest_matches as materialized (
      select rowid as id from ${table} where ${table} match ${query.match} order by rowid desc limit ${FEED_WINDOW}
    ),
    recent as materialized (
      select ${articleScopes.articleId} as id from ${articleScopes}
      cross join ${articles} on ${eq(articles.id, articleScopes.articleId)}
      where ${visible}
      order by ${articleScopes.publishedAt} desc, ${articleScopes.articleId} desc limit ${RECENT_LISTED}
    ),
    candidates as (
      select id from newest_matches
      union
      select id from recent
      where exists (select 1 from ${table} where ${table} match ${query.match} and rowid = recent.id)
    )
    select ${articles.id} as id, ${articles.writeId} as writeId
    from candidates cross join ${articles} on ${articles.id} = candidates.id
    cross join ${articleScopes} on ${eq(articleScopes.articleId, articles.id)}
    where ${visible}
    order by ${articleScopes.publishedAt} desc, ${articleScopes.articleId} desc
    limit ${options.limit}`);
}

/** The listed rows of `heads`, in their order. */
export async function searchFeedArticles(db: Db, heads: SearchFeedHead[]): Promise<ListedArticle[]> {
  if (heads.length === 0) return [];
  const rows = await db
    .select(LISTED_COLUMNS)
    .from(articles)
    .where(
      inArray(
        articles.id,
        heads.map((h) => h.id),
      ),
    );
  const byId = new Map(rows.map((row) => [row.id, row]));
  return inflateBodies(heads.flatMap((head) => byId.get(head.id) ?? []));
}
