import { inArray, sql } from "drizzle-orm";
import { SITE_SCOPE } from "../domain/scope";
import type { SearchQuery } from "../lib/search-text";
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
// The matches drive the join (CROSS JOIN fixes SQLite's order; D1 keeps no ANALYZE statistics):
// the cost follows the number of matches, never the archive's size.
/** The newest public matches (id and write id only), newest first: one query decides 304. */
export async function searchFeedHeads(
  db: Db,
  query: SearchQuery,
  options: { now: number; limit: number },
): Promise<SearchFeedHead[]> {
  const table = sql.identifier(SEARCH_TABLE);
  return db.all<SearchFeedHead>(sql`
    with matches as materialized (select rowid as id from ${table} where ${table} match ${query.match})
    select ${articles.id} as id, ${articles.writeId} as writeId
    from matches
      cross join ${articleScopes} on ${articleScopes.articleId} = matches.id
      cross join ${articles} on ${articles.id} = matches.id
    where ${publiclyVisibleIn(SITE_SCOPE, options.now)}
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
  return heads.flatMap((head) => byId.get(head.id) ?? []);
}
