import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { SITE_SCOPE } from "../domain/scope";
import type { SearchQuery } from "../lib/search-text";
import { inflateBodies } from "./article-body";
import { HEAD_COLUMNS, LISTED_COLUMNS, type ListedArticle } from "./article-queries";
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
// Walked along the listing index with the matches as a list: a query matching much of the archive
// stops after a page (measured: joining every match first was 10× slower at 10,000 matches), while
// a rare one walks the index's entries, which is cheap (npm run bench:search).
function newestMatches(query: SearchQuery, now: number) {
  const table = sql.identifier(SEARCH_TABLE);
  return and(
    publiclyVisibleIn(SITE_SCOPE, now),
    sql`${articles.id} in (select rowid from ${table} where ${table} match ${query.match})`,
  );
}

/** The newest public matches (id and write id only), newest first: one query decides 304. */
export async function searchFeedHeads(
  db: Db,
  query: SearchQuery,
  options: { now: number; limit: number },
): Promise<SearchFeedHead[]> {
  return db
    .select({ id: HEAD_COLUMNS.id, writeId: HEAD_COLUMNS.writeId })
    .from(articleScopes)
    .innerJoin(articles, eq(articles.id, articleScopes.articleId))
    .where(newestMatches(query, options.now))
    .orderBy(desc(articleScopes.publishedAt), desc(articleScopes.articleId))
    .limit(options.limit);
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
