import { eq, isNotNull, isNull, lte, ne, type SQL, sql } from "drizzle-orm";
import type { ArticleRow, ArticleStatus } from "../domain/article";
import { MAX_SECTION_LEVELS } from "../domain/article-input";
import type { Keyset } from "../lib/cursor";
import type { SearchQuery } from "../lib/search-text";
import { articleKeysetPage, hasAuthorNamed, hasTag, sectionStartsWith } from "./article-conditions";
import type { Db } from "./client";
import { articles } from "./schema";
import { SEARCH_TABLE } from "./search-index";

export interface DeskListFilter {
  status?: ArticleStatus | "deleted";
  /** Breadcrumb prefix, level by level. */
  section?: string[];
  tag?: string;
  author?: string;
  /** Matches of a search (title, body, names…; search-text.ts), in the list's own order. */
  search?: SearchQuery;
  /** Without drafts:read only what readers can see now is listed. */
  publicOnly: boolean;
  now: number;
}

/** The desk's article list: newest update first, keyset-paged on (updated_at, id). */
export async function listDeskArticles(
  db: Db,
  filter: DeskListFilter,
  options: { limit: number; before: Keyset | null },
): Promise<ArticleRow[]> {
  const conditions: (SQL | undefined)[] = [];
  if (filter.status === "deleted") conditions.push(isNotNull(articles.deletedAt));
  else {
    conditions.push(isNull(articles.deletedAt));
    if (filter.status) conditions.push(eq(articles.status, filter.status));
  }
  if (filter.publicOnly) {
    conditions.push(isNull(articles.deletedAt), ne(articles.status, "draft"));
    conditions.push(isNotNull(articles.publishedAt), lte(articles.publishedAt, filter.now));
  }
  if (filter.section && filter.section.length > 0) {
    if (filter.section.length > MAX_SECTION_LEVELS) return [];
    conditions.push(sectionStartsWith(filter.section));
  }
  if (filter.tag) conditions.push(hasTag(filter.tag));
  if (filter.author) conditions.push(hasAuthorNamed(filter.author));
  if (filter.search) {
    const table = sql.identifier(SEARCH_TABLE);
    // The index holds every article whatever its status; the conditions above decide who sees what.
    conditions.push(
      sql`${articles.id} in (select rowid from ${table} where ${table} match ${filter.search.match})`,
    );
  }
  return articleKeysetPage(db, conditions, {
    orderBy: articles.updatedAt,
    direction: "newest-first",
    cursor: options.before,
    limit: options.limit,
  });
}
