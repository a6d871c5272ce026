import { and, asc, desc, eq, getTableColumns, sql } from "drizzle-orm";
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

/**
 * Which page: the newest `limit`, the `limit` older than `before` (newest first), or the `limit` just
 * newer than `after` (oldest first: a feed's previous page, feeds/feed-documents.ts). At most one cursor.
 */
export interface PageOptions {
  now: number;
  limit: number;
  before?: Keyset | null;
  after?: Keyset | null;
}

/** The three statements of one page shape: first page, older than a position, newer than one. */
export type PageSeek = "first" | "before" | "after";

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
/** The seek's row-value bound on (published_at, id), if any, and its order. */
export function seekOrder(seek: PageSeek, at: SQLiteColumn, id: SQLiteColumn) {
  const position = sql`(${sql.placeholder("at")}, ${sql.placeholder("id")})`;
  if (seek === "after") return { bound: sql`(${at}, ${id}) > ${position}`, order: [asc(at), asc(id)] };
  const bound = seek === "before" ? sql`(${at}, ${id}) < ${position}` : undefined;
  return { bound, order: [desc(at), desc(id)] };
}

type Columns = Record<string, SQLiteColumn>;

const scopePage = (selection: Columns, seek: PageSeek) =>
  compiledSelect(selection, (db, columns) => {
    const { bound, order } = seekOrder(seek, articleScopes.publishedAt, articleScopes.articleId);
    return db
      .select(columns)
      .from(articleScopes)
      .innerJoin(articles, eq(articles.id, articleScopes.articleId))
      .where(and(publiclyVisibleIn(SCOPE, NOW), bound))
      .orderBy(...order)
      .limit(LIMIT);
  });

// The site scope lists every public article, so its page reads articles alone through their
// partial index: D1 counts one row per item instead of a scope entry plus a primary-key lookup.
// Same order and keyset as the site scope rows, whose published_at is the article's.
const sitePage = (selection: Columns, seek: PageSeek) =>
  compiledSelect(selection, (db, columns) => {
    const { bound, order } = seekOrder(seek, articles.publishedAt, articles.id);
    return db
      .select(columns)
      .from(articles)
      .where(and(articleRowPubliclyVisible(NOW), bound))
      .orderBy(...order)
      .limit(LIMIT);
  });

type Query<Row> = (db: Db, values: Record<string, unknown>) => Promise<Row[]>;
export type SeekQueries<Row> = Record<"scope" | "site", Record<PageSeek, Query<Row>>>;

export function pageQueries<Row>(selection: Columns): SeekQueries<Row> {
  const seeks = (page: typeof scopePage) => ({
    first: page(selection, "first") as Query<Row>,
    before: page(selection, "before") as Query<Row>,
    after: page(selection, "after") as Query<Row>,
  });
  return { scope: seeks(scopePage), site: seeks(sitePage) };
}

/** Runs the page `options` names with one of `queries`' statements. */
export function runSeek<Row>(queries: SeekQueries<Row>, db: Db, scope: Scope, options: PageOptions) {
  const { first, before, after } = queries[scope.kind === "site" ? "site" : "scope"];
  const at = {
    kind: scope.kind,
    key: scope.key,
    now: seekClock(options.now, options.before),
    limit: options.limit,
  };
  if (options.after) return after(db, { ...at, at: options.after.at, id: options.after.id });
  if (options.before) return before(db, { ...at, at: options.before.at, id: options.before.id });
  return first(db, at);
}

type StoredListedRow = Omit<ListedArticle, "bodyHtml"> & StoredBodyColumns;
const HEADS = pageQueries<ArticleHead>(HEAD_COLUMNS);
const ROWS = pageQueries<StoredListedRow>(LISTED_COLUMNS);

/** One page of a scope's public listing, newest first, without any of the body columns. */
export function listPublicHeads(
  db: Db,
  scope: Scope,
  options: { now: number; limit: number; before?: Keyset | null },
): Promise<ArticleHead[]> {
  return runSeek(HEADS, db, scope, options);
}

/**
 * listPublicHeads with the stored body columns, in the same one statement: what a feed page reads
 * when this isolate holds none of its entries. Bodies are left to inflateBody, for rows that need one.
 */
export function listPublicStoredRows(db: Db, scope: Scope, options: PageOptions): Promise<StoredListedRow[]> {
  return runSeek(ROWS, db, scope, options);
}
