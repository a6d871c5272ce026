import { and, asc, desc, eq, gte, lt } from "drizzle-orm";
import type { Scope } from "../domain/scope";
import type { Keyset } from "../lib/cursor";
import { type ArticleHead, HEAD_COLUMNS, type ListedArticle, listPublicHeads } from "./article-queries";
import type { Db } from "./client";
import { articleBodies } from "./isolate-cache";
import { articleScopes, articles } from "./schema";
import { publiclyVisibleIn } from "./visibility";

// Queries only the feed documents need (archive documents; the archives' counts are in
// archive-queries.ts), under the one visibility rule of db/visibility.ts. A page's entries, either
// direction: public-entries.ts.

export {
  type EntryKey,
  keptOrPublicPage,
  keptOrPublicRows,
  listBodiesById,
  listPublicArticlesById,
  listPublicEntryKeys,
} from "./public-entries";
export type { PageOptions } from "./public-heads";

import { listBodiesById } from "./public-entries";

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
