import { and, desc, eq, getTableColumns, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { PublicArticleRow } from "../domain/article";
import type { Scope } from "../domain/scope";
import type { Keyset } from "../lib/cursor";
import type { Db } from "./client";
import { compiledSelect } from "./compiled-select";
import { articleScopes, articles, type StoredBodyColumns } from "./schema";
import { articleRowPubliclyVisible, publiclyVisibleIn } from "./visibility";

// The heads (every public column but the body) of a scope's newest visible articles, first page or
// after a keyset cursor: feeds, listing pages and the news sitemap. Compiled once per isolate.

// Public pages, feeds and listings never show the editor's Markdown: leaving it out cuts what D1 reads and ships.
const { bodySource: _source, ...LISTED_COLUMNS } = getTableColumns(articles);
// Without the body as well: feeds take bodies from isolate memory and read only the missing ones.
const { storedBodyHtml: _html, bodyHtmlZ: _deflated, ...HEAD_COLUMNS } = LISTED_COLUMNS;

export { HEAD_COLUMNS, LISTED_COLUMNS };
export type ListedArticle = PublicArticleRow;
export type ArticleHead = Omit<ListedArticle, "bodyHtml">;

/**
 * The visibility clock of a page after `before`. SQLite takes `published_at <= now` as the index
 * range's upper bound rather than the cursor's row value, so a page deep in the archive stepped
 * through every newer row first (page 50 of a feed: 1,064 rows read). The row value already implies
 * published_at <= before.at, so capping the clock there selects the same rows with one seek.
 */
export function seekClock(now: number, before: Keyset | null | undefined): number {
  return before ? Math.min(now, before.at) : now;
}

const NOW = sql.placeholder("now");
const LIMIT = sql.placeholder("limit");
const SCOPE = { kind: sql.placeholder("kind"), key: sql.placeholder("key") };
const rowBefore = (at: SQLiteColumn, id: SQLiteColumn) =>
  sql`(${at}, ${id}) < (${sql.placeholder("at")}, ${sql.placeholder("id")})`;

type Columns = Record<string, SQLiteColumn>;

const scopePage = (selection: Columns, cursor: boolean) =>
  compiledSelect(selection, (db, columns) =>
    db
      .select(columns)
      .from(articleScopes)
      .innerJoin(articles, eq(articles.id, articleScopes.articleId))
      .where(
        and(
          publiclyVisibleIn(SCOPE, NOW),
          cursor ? rowBefore(articleScopes.publishedAt, articleScopes.articleId) : undefined,
        ),
      )
      .orderBy(desc(articleScopes.publishedAt), desc(articleScopes.articleId))
      .limit(LIMIT),
  );

// The site scope lists every public article, so its page reads articles alone through their
// partial index: D1 counts one row per item instead of a scope entry plus a primary-key lookup.
// Same order and keyset as the site scope rows, whose published_at is the article's.
const sitePage = (selection: Columns, cursor: boolean) =>
  compiledSelect(selection, (db, columns) =>
    db
      .select(columns)
      .from(articles)
      .where(
        and(
          articleRowPubliclyVisible(NOW),
          cursor ? rowBefore(articles.publishedAt, articles.id) : undefined,
        ),
      )
      .orderBy(desc(articles.publishedAt), desc(articles.id))
      .limit(LIMIT),
  );

/** A scope's page of `selection`, first or after a cursor, site or scope: compiled once each. */
export function pageQueries<Row>(selection: Columns) {
  type Query = (db: Db, values: Record<string, unknown>) => Promise<Row[]>;
  return {
    scope: { first: scopePage(selection, false) as Query, before: scopePage(selection, true) as Query },
    site: { first: sitePage(selection, false) as Query, before: sitePage(selection, true) as Query },
  };
}

type StoredListedRow = Omit<ListedArticle, "bodyHtml"> & StoredBodyColumns;
const HEADS = pageQueries<ArticleHead>(HEAD_COLUMNS);
const ROWS = pageQueries<StoredListedRow>(LISTED_COLUMNS);

export function runPage<Row>(
  queries: ReturnType<typeof pageQueries<Row>>,
  db: Db,
  scope: Scope,
  options: { now: number; limit: number; before?: Keyset | null },
): Promise<Row[]> {
  const { scope: scoped, site } = queries;
  const { first, before: after } = scope.kind === "site" ? site : scoped;
  const { before, limit } = options;
  const at = { kind: scope.kind, key: scope.key, now: seekClock(options.now, before), limit };
  if (!before) return first(db, at);
  return after(db, { ...at, at: before.at, id: before.id });
}

/** One page of a scope's public listing, newest first, without any of the body columns. */
export function listPublicHeads(
  db: Db,
  scope: Scope,
  options: { now: number; limit: number; before?: Keyset | null },
): Promise<ArticleHead[]> {
  return runPage(HEADS, db, scope, options);
}

/**
 * listPublicHeads with the stored body columns, in the same one statement: what a feed page reads
 * when this isolate holds none of its entries. Bodies are left to inflateBody, for rows that need one.
 */
export function listPublicStoredRows(
  db: Db,
  scope: Scope,
  options: { now: number; limit: number; before?: Keyset | null },
): Promise<StoredListedRow[]> {
  return runPage(ROWS, db, scope, options);
}
