import { and, asc, desc, eq, gte, lt, sql } from "drizzle-orm";
import type { Scope } from "../domain/scope";
import type { Keyset } from "../lib/cursor";
import { type ArticleHead, HEAD_COLUMNS, type ListedArticle, listPublicHeads } from "./article-queries";
import type { Db } from "./client";
import { compiledSelect } from "./compiled-select";
import { articleBodies } from "./isolate-cache";
import { articleScopes, articles } from "./schema";
import { articleRowPubliclyVisible, publiclyVisibleIn } from "./visibility";

// Queries only the feed documents need (previous pages, archive documents; the archives' counts are in
// archive-queries.ts), under the one visibility rule of db/visibility.ts. A page's entries: public-entries.ts.

export {
  type EntryKey,
  keptOrPublicPage,
  keptOrPublicRows,
  listBodiesById,
  listPublicArticlesById,
  listPublicEntryKeys,
} from "./public-entries";

import { listBodiesById } from "./public-entries";

const AFTER = {
  kind: sql.placeholder("kind"),
  key: sql.placeholder("key"),
  now: sql.placeholder("now"),
  at: sql.placeholder("at"),
  id: sql.placeholder("id"),
};
// One row read per item: a scope reads its listing index alone (`listed` is false for deleted
// articles), the site the articles' partial index, as listPublicHeads does.
const NEWER = {
  scope: compiledSelect({ at: articleScopes.publishedAt, id: articleScopes.articleId }, (db, columns) =>
    db
      .select(columns)
      .from(articleScopes)
      .where(
        and(
          publiclyVisibleIn(AFTER, AFTER.now, { articlesJoined: false }),
          sql`(${articleScopes.publishedAt}, ${articleScopes.articleId}) > (${AFTER.at}, ${AFTER.id})`,
        ),
      )
      .orderBy(asc(articleScopes.publishedAt), asc(articleScopes.articleId))
      .limit(sql.placeholder("limit")),
  ),
  site: compiledSelect({ at: articles.publishedAt, id: articles.id }, (db, columns) =>
    db
      .select(columns)
      .from(articles)
      .where(
        and(
          articleRowPubliclyVisible(AFTER.now),
          sql`(${articles.publishedAt}, ${articles.id}) > (${AFTER.at}, ${AFTER.id})`,
        ),
      )
      .orderBy(asc(articles.publishedAt), asc(articles.id))
      .limit(sql.placeholder("limit")),
  ),
};

/** Articles just newer than a keyset position, oldest first: what a "previous" page link needs. */
export async function listPublicNewer(
  db: Db,
  scope: Scope,
  options: { now: number; after: Keyset; limit: number },
): Promise<Keyset[]> {
  const { now, after, limit } = options;
  const query = scope.kind === "site" ? NEWER.site : NEWER.scope;
  const rows = await query(db, { kind: scope.kind, key: scope.key, now, at: after.at, id: after.id, limit });
  // Every listed row has a publication time (isListed); the site query's column is nullable in type only.
  return rows.map((row) => ({ at: row.at ?? 0, id: row.id }));
}

/** Heads of a scope's visible articles published in [from, to). */
function rangeHeads(db: Db, scope: Scope, options: { now: number; from: number; to: number }) {
  return db
    .select(HEAD_COLUMNS)
    .from(articleScopes)
    .innerJoin(articles, eq(articles.id, articleScopes.articleId))
    .where(
      and(
        publiclyVisibleIn(scope, options.now),
        gte(articleScopes.publishedAt, options.from),
        lt(articleScopes.publishedAt, options.to),
      ),
    );
}

/** Every visible article of a scope published in [from, to), newest first, at most `limit`. */
export async function listPublicRange(
  db: Db,
  scope: Scope,
  options: { now: number; from: number; to: number; limit: number },
): Promise<ListedArticle[]> {
  const heads = await rangeHeads(db, scope, options)
    .orderBy(desc(articleScopes.publishedAt), desc(articleScopes.articleId))
    .limit(options.limit);
  return withBodies(db, heads);
}

/** A numbered page of [from, to): `limit` visible articles after the `offset` oldest, newest first. */
export async function listPublicRangePage(
  db: Db,
  scope: Scope,
  options: { now: number; from: number; to: number; offset: number; limit: number },
): Promise<ListedArticle[]> {
  const heads = await rangeHeads(db, scope, options)
    .orderBy(asc(articleScopes.publishedAt), asc(articleScopes.articleId))
    .limit(options.limit)
    .offset(options.offset);
  return withBodies(db, heads.reverse());
}

/** One page of a scope's public listing with bodies: see listPublicPage. */
export async function listPublicEntries(
  db: Db,
  scope: Scope,
  options: { now: number; limit: number; before?: Keyset | null },
): Promise<ListedArticle[]> {
  return withBodies(db, await listPublicHeads(db, scope, options));
}

// Bodies are most of a row's bytes and never change without a new write_id, so each isolate keeps
// recent ones: a feed request then reads small rows only, and the bodies it lacks in one more query
// (one row read each, public-entries.ts).
async function withBodies(db: Db, heads: ArticleHead[]): Promise<ListedArticle[]> {
  const key = (head: ArticleHead) => `${head.id}:${head.writeId}`;
  const found = new Map<number, string>();
  const missing: number[] = [];
  for (const head of heads) {
    const body = articleBodies.get(key(head));
    if (body === null) missing.push(head.id);
    else found.set(head.id, body);
  }
  for (const row of await listBodiesById(db, missing)) {
    found.set(row.id, row.bodyHtml);
    articleBodies.set(`${row.id}:${row.writeId}`, row.bodyHtml);
  }
  return heads.map((head) => ({ ...head, bodyHtml: found.get(head.id) ?? "" }));
}
