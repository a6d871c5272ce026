import { and, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Scope } from "../domain/scope";
import { ByteLru } from "../lib/byte-lru";
import { inflateBodies, inflateBody } from "./article-body";
import type { Db } from "./client";
import { compiledSelect } from "./compiled-select";
import {
  LISTED_COLUMNS,
  type ListedArticle,
  listPublicStoredRows,
  type PageOptions,
  type PageSeek,
  runSeek,
  type SeekQueries,
  seekOrder,
} from "./public-heads";
import { articleScopes, articles, type StoredBodyColumns } from "./schema";
import { articleRowPubliclyVisible, publiclyVisibleIn } from "./visibility";

// A feed or API page's entries, in as few rows read as D1 counts: the keys (id, write id, publication
// time) through one index alone, one row per item; the articles whose encoded entry this isolate
// lacks by id, one seek each; or, when it holds none of the page, the whole rows in one statement.

/** What a feed page needs of a listed article to find its encoded entry, and to page on. */
export interface EntryKey {
  id: number;
  writeId: string;
  publishedAt: number | null;
}

const KEY = { kind: sql.placeholder("kind"), key: sql.placeholder("key"), now: sql.placeholder("now") };

// The scope rows carry their article's write_id, and `listed` is false for a deleted article
// (db/article-writes.ts), so the listing index answers alone: no article lookup per item.
const scopeKeys = (seek: PageSeek) =>
  compiledSelect(
    { id: articleScopes.articleId, writeId: articleScopes.writeId, publishedAt: articleScopes.publishedAt },
    (db, columns) => {
      const { bound, order } = seekOrder(seek, articleScopes.publishedAt, articleScopes.articleId);
      return db
        .select(columns)
        .from(articleScopes)
        .where(and(publiclyVisibleIn(KEY, KEY.now, { articlesJoined: false }), bound))
        .orderBy(...order)
        .limit(sql.placeholder("limit"));
    },
  );
const siteKeys = (seek: PageSeek) =>
  compiledSelect(
    { id: articles.id, writeId: articles.writeId, publishedAt: articles.publishedAt },
    (db, columns) => {
      const { bound, order } = seekOrder(seek, articles.publishedAt, articles.id);
      return db
        .select(columns)
        .from(articles)
        .where(and(articleRowPubliclyVisible(KEY.now), bound))
        .orderBy(...order)
        .limit(sql.placeholder("limit"));
    },
  );
const seeks = (keys: (seek: PageSeek) => SeekQueries<EntryKey>["site"]["first"]) => ({
  first: keys("first"),
  before: keys("before"),
  after: keys("after"),
});
const KEYS: SeekQueries<EntryKey> = { scope: seeks(scopeKeys), site: seeks(siteKeys) };

/** listPublicHeads, keys only: a feed whose entries this isolate holds encoded reads nothing more. */
export function listPublicEntryKeys(db: Db, scope: Scope, options: PageOptions): Promise<EntryKey[]> {
  return runSeek(KEYS, db, scope, options);
}

// D1 binds at most 100 parameters per statement, the clock one of them.
const IDS_PER_STATEMENT = 90;
// The ids as a VALUES list driving primary-key seeks: SQLite runs VALUES as a co-routine, which D1
// does not count, so each article costs the one seek. `id in (…)` also counts a step per id through
// its ephemeral list (2 per article), and so do json_each and `or`; `union all` stops at 5 terms.
export function byIdStatements<Row>(selection: Record<string, SQLiteColumn>, visible: boolean) {
  type Statement = (db: Db, values: Record<string, unknown>) => Promise<Row[]>;
  const statements = new Map<number, Statement>();
  const build = (count: number): Statement => {
    const ids = sql.join(
      Array.from({ length: count }, (_, i) => sql`(${sql.placeholder(`id${i}`)})`),
      sql`, `,
    );
    // The builder's rows are `selection` decoded: the caller names their type.
    return compiledSelect(selection, (db, columns) =>
      db
        .select(columns)
        .from(sql`(values ${ids}) as wanted`)
        .crossJoin(articles)
        .where(
          and(
            sql`${articles.id} = wanted.column1`,
            visible ? articleRowPubliclyVisible(sql.placeholder("now")) : undefined,
          ),
        ),
    ) as Statement;
  };
  return async (db: Db, ids: readonly number[], now: number): Promise<Row[]> => {
    const rows: Row[] = [];
    for (let i = 0; i < ids.length; i += IDS_PER_STATEMENT) {
      const chunk = ids.slice(i, i + IDS_PER_STATEMENT);
      let statement = statements.get(chunk.length);
      if (!statement) {
        statement = build(chunk.length);
        statements.set(chunk.length, statement);
      }
      const values: Record<string, unknown> = { now };
      chunk.forEach((id, n) => {
        values[`id${n}`] = id;
      });
      rows.push(...(await statement(db, values)));
    }
    return rows;
  };
}
const BODY_COLUMNS = {
  id: articles.id,
  storedBodyHtml: articles.storedBodyHtml,
  bodyHtmlZ: articles.bodyHtmlZ,
  writeId: articles.writeId,
};
type Stored<T> = Omit<T, "bodyHtml"> & StoredBodyColumns;
const publicRowsById = byIdStatements<Stored<ListedArticle>>(LISTED_COLUMNS, true);
const bodiesById = byIdStatements<Stored<{ id: number; writeId: string }>>(BODY_COLUMNS, false);

/** The stored bodies of these articles (visible or not: the caller listed them), in no order. */
export async function listBodiesById(db: Db, ids: readonly number[]) {
  return inflateBodies(await bodiesById(db, ids, 0));
}

/**
 * The listed rows of these articles that are publicly visible now, in no order. An article pulled or
 * deleted since its key was read is left out, and one edited since comes in its new (public) version.
 */
export async function listPublicArticlesById(
  db: Db,
  ids: readonly number[],
  now: number,
): Promise<ListedArticle[]> {
  return inflateBodies(await publicRowsById(db, ids, now));
}

type Found<T, Row = ListedArticle> = { kept: T } | { row: Row };

/**
 * How a page reads the rows it does not keep, both under the visibility rule: whole, in one
 * statement (`finish` makes one what the page shows), or by id. The feeds' are PUBLIC_ROWS.
 */
export interface PageReads<Row extends { id: number }, Whole extends { id: number } = Row> {
  whole: (db: Db, scope: Scope, options: PageOptions) => Promise<Array<Whole & Omit<EntryKey, "id">>>;
  finish: (row: Whole) => Row;
  byId: (db: Db, ids: readonly number[], now: number) => Promise<Row[]>;
}
const PUBLIC_ROWS: PageReads<ListedArticle, Stored<ListedArticle>> = {
  whole: listPublicStoredRows,
  finish: inflateBody,
  byId: listPublicArticlesById,
};

/**
 * Each key's value as this isolate keeps it, or else its article as publicly visible now (one read
 * by id for all the others); a key whose article is no longer public is left out. In the keys' order.
 */
export function keptOrPublicRows<T>(
  db: Db,
  keys: readonly EntryKey[],
  now: number,
  kept: (key: EntryKey) => T | undefined,
): Promise<Array<Found<T>>> {
  return keptOrReadRows(PUBLIC_ROWS.byId, db, keys, now, kept);
}

/** keptOrPublicRows with the rows read by `byId`. */
export async function keptOrReadRows<T, Row extends { id: number }>(
  byId: PageReads<Row>["byId"],
  db: Db,
  keys: readonly EntryKey[],
  now: number,
  kept: (key: EntryKey) => T | undefined,
): Promise<Array<Found<T, Row>>> {
  const found = keys.map(kept);
  const missing = keys.filter((_, i) => found[i] === undefined).map((key) => key.id);
  const rows = new Map((await byId(db, missing, now)).map((row) => [row.id, row]));
  const out: Array<Found<T, Row>> = [];
  keys.forEach((key, i) => {
    const value = found[i];
    const row = rows.get(key.id);
    if (value !== undefined) out.push({ kept: value });
    else if (row) out.push({ row });
  });
  return out;
}

// Pages whose entries this isolate kept when it last served them; only the fact, a few bytes each.
const keptPages = new ByteLru<true>(64 * 1024, () => 0);

/** Whether the keys-first read is the cheaper one for this page: see keptOrPublicPage. */
export function pageEntriesKept(pageKey: string): boolean {
  return keptPages.get(pageKey) !== undefined;
}

/**
 * One page of a scope's public listing (`limit` rows in PageOptions' order) and, for its first `entries`
 * keys, each kept value or else the public row. Decided before any read: a page this isolate served
 * with its entries kept (`pageKey`) reads its keys, then by id only the articles it lacks; any other
 * page reads its whole rows in one statement, so a first render costs no second read of the same rows.
 * `keeps` false (the cache is off): every render is a first one.
 */
export function keptOrPublicPage<T>(
  db: Db,
  scope: Scope,
  options: PageOptions & { entries: number },
  page: { key: string; keeps: boolean },
  kept: (key: EntryKey) => T | undefined,
): Promise<{ keys: EntryKey[]; found: Array<Found<T>> }> {
  return keptOrReadPage(PUBLIC_ROWS, db, scope, options, page, kept);
}

/** keptOrPublicPage with the rows read by `reads` (a listing page's card heads: db/listing-heads.ts). */
export async function keptOrReadPage<T, Row extends { id: number }, Whole extends { id: number }>(
  reads: PageReads<Row, Whole>,
  db: Db,
  scope: Scope,
  options: PageOptions & { entries: number },
  page: { key: string; keeps: boolean },
  kept: (key: EntryKey) => T | undefined,
): Promise<{ keys: EntryKey[]; found: Array<Found<T, Row>> }> {
  if (page.keeps && pageEntriesKept(page.key)) {
    const keys = await listPublicEntryKeys(db, scope, options);
    return {
      keys,
      found: await keptOrReadRows(reads.byId, db, keys.slice(0, options.entries), options.now, kept),
    };
  }
  const rows = await reads.whole(db, scope, options);
  if (page.keeps) keptPages.set(page.key, true);
  const keys = rows.map(
    (row): EntryKey => ({ id: row.id, writeId: row.writeId, publishedAt: row.publishedAt }),
  );
  const found = rows.slice(0, options.entries).map((row, i): Found<T, Row> => {
    const value = kept(keys[i] as EntryKey);
    return value === undefined ? { row: reads.finish(row) } : { kept: value };
  });
  return { keys, found };
}
