import { type SQL, sql } from "drizzle-orm";
import type { ArticleContent } from "../domain/article-prepare";
import { indexTokens } from "../lib/search-text";
import { htmlToText } from "../lib/text";

/**
 * The FTS5 table behind search (migrations/0003_search.sql): contentless, rowid = articles.id,
 * one row per article whatever its status. Who may see a hit is decided at query time
 * (search-queries.ts), so publishing, scheduling, pulling and the cron flip never have to touch it;
 * only content changes do, in the same batch as the article row.
 */
export const SEARCH_TABLE = "article_search";

// A bound on the write: a body longer than this is indexed up to here (a long news feature is ~6,000).
export const MAX_INDEXED_BODY_CHARACTERS = 10_000;

export type IndexedFields = Pick<
  ArticleContent,
  "title" | "subtitle" | "summary" | "bodyHtml" | "authors" | "tags" | "section"
>;

/** The token text of each column, derived from the stored article (body from its sanitized HTML). */
export interface SearchDocument {
  title: string;
  lede: string;
  body: string;
  meta: string;
}

export function searchDocumentOf(article: IndexedFields): SearchDocument {
  const names = article.authors.flatMap((a) => [a.name, a.title ?? ""]);
  return {
    title: indexTokens(article.title),
    lede: indexTokens(`${article.subtitle ?? ""}\n${article.summary}`),
    body: indexTokens(htmlToText(article.bodyHtml), MAX_INDEXED_BODY_CHARACTERS),
    meta: indexTokens([...names, ...article.tags, ...article.section].join("\n")),
  };
}

/** Indexes the article `articleId` names, iff `guard` holds when the batch runs. */
export function indexArticleStatement(articleId: SQL, article: IndexedFields, guard: SQL = sql`1`): SQL {
  const doc = searchDocumentOf(article);
  return sql`insert into ${sql.identifier(SEARCH_TABLE)} (rowid, title, lede, body, meta)
    select ${articleId}, ${doc.title}, ${doc.lede}, ${doc.body}, ${doc.meta} where ${guard}`;
}

/**
 * Re-indexes an article in place: its old words stop matching in the same batch. The old row goes
 * through FTS5's 'delete' command with the tokens it was indexed with (`before`, the version the
 * write replaced), which keeps bm25's statistics exact; a row that was never indexed is left alone.
 */
export function reindexArticleStatements(
  articleId: number,
  before: IndexedFields,
  after: IndexedFields,
  guard: SQL,
): SQL[] {
  const table = sql.identifier(SEARCH_TABLE);
  const old = searchDocumentOf(before);
  return [
    sql`insert into ${table} (${table}, rowid, title, lede, body, meta)
      select 'delete', ${articleId}, ${old.title}, ${old.lede}, ${old.body}, ${old.meta}
      where ${guard} and exists (select 1 from ${table} where rowid = ${articleId})`,
    indexArticleStatement(sql`${articleId}`, after, guard),
  ];
}
