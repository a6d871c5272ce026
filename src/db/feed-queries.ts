import { and, asc, desc, eq, gte, inArray, lt, max, min, sql } from "drizzle-orm";
import type { Scope } from "../domain/scope";
import type { Keyset } from "../lib/cursor";
import { type ArticleHead, HEAD_COLUMNS, type ListedArticle, listPublicHeads } from "./article-queries";
import type { Db } from "./client";
import { articleBodies } from "./isolate-cache";
import { articleScopes, articles } from "./schema";
import { publiclyVisibleIn } from "./visibility";

const SCOPE_ROWS_ONLY = { articlesJoined: false };

// Queries only the feed documents need (previous pages, monthly archives), under the one
// visibility rule of db/visibility.ts.

/** Articles just newer than a keyset position, oldest first: what a "previous" page link needs. */
export async function listPublicNewer(
  db: Db,
  scope: Scope,
  options: { now: number; after: Keyset; limit: number },
): Promise<Keyset[]> {
  const rows = await db
    .select({ at: articleScopes.publishedAt, id: articleScopes.articleId })
    .from(articleScopes)
    .innerJoin(articles, eq(articles.id, articleScopes.articleId))
    .where(
      and(
        publiclyVisibleIn(scope, options.now),
        sql`(${articleScopes.publishedAt}, ${articleScopes.articleId}) > (${options.after.at}, ${options.after.id})`,
      ),
    )
    .orderBy(asc(articleScopes.publishedAt), asc(articleScopes.articleId))
    .limit(options.limit);
  return rows;
}

/** Every visible article of a scope published in [from, to), newest first, at most `limit`. */
export async function listPublicRange(
  db: Db,
  scope: Scope,
  options: { now: number; from: number; to: number; limit: number },
): Promise<ListedArticle[]> {
  const heads = await db
    .select(HEAD_COLUMNS)
    .from(articleScopes)
    .innerJoin(articles, eq(articles.id, articleScopes.articleId))
    .where(
      and(
        publiclyVisibleIn(scope, options.now),
        gte(articleScopes.publishedAt, options.from),
        lt(articleScopes.publishedAt, options.to),
      ),
    )
    .orderBy(desc(articleScopes.publishedAt), desc(articleScopes.articleId))
    .limit(options.limit);
  return withBodies(db, heads);
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
// recent ones: a feed request then reads small rows only, and the bodies it lacks in one more query.
async function withBodies(db: Db, heads: ArticleHead[]): Promise<ListedArticle[]> {
  const key = (head: ArticleHead) => `${head.id}:${head.writeId}`;
  const found = new Map<number, string>();
  const missing: number[] = [];
  for (const head of heads) {
    const body = articleBodies.get(key(head));
    if (body === null) missing.push(head.id);
    else found.set(head.id, body);
  }
  for (let i = 0; i < missing.length; i += 90) {
    // D1 binds at most 100 parameters per statement.
    const rows = await db
      .select({ id: articles.id, bodyHtml: articles.bodyHtml, writeId: articles.writeId })
      .from(articles)
      .where(inArray(articles.id, missing.slice(i, i + 90)));
    for (const row of rows) {
      found.set(row.id, row.bodyHtml);
      articleBodies.set(`${row.id}:${row.writeId}`, row.bodyHtml);
    }
  }
  return heads.map((head) => ({ ...head, bodyHtml: found.get(head.id) ?? "" }));
}

/**
 * What an archive document of [from, to) is made of, without its content: the members with their
 * last public change, and the publication times of the nearest visible articles on either side
 * (its prev-archive / next-archive). One round trip, index range scans only.
 */
export async function archiveState(db: Db, scope: Scope, options: { now: number; from: number; to: number }) {
  const { now, from, to } = options;
  const members = db
    .select({ id: articleScopes.articleId, changed: articleScopes.publicChangedAt })
    .from(articleScopes)
    .where(
      and(
        publiclyVisibleIn(scope, now, SCOPE_ROWS_ONLY),
        gte(articleScopes.publishedAt, from),
        lt(articleScopes.publishedAt, to),
      ),
    )
    .orderBy(desc(articleScopes.publishedAt), desc(articleScopes.articleId));
  const older = db
    .select({ at: max(articleScopes.publishedAt) })
    .from(articleScopes)
    .where(and(publiclyVisibleIn(scope, now, SCOPE_ROWS_ONLY), lt(articleScopes.publishedAt, from)));
  const newer = db
    .select({ at: min(articleScopes.publishedAt) })
    .from(articleScopes)
    .where(and(publiclyVisibleIn(scope, now, SCOPE_ROWS_ONLY), gte(articleScopes.publishedAt, to)));
  const [m, o, n] = await db.batch([members, older, newer]);
  return { members: m, older: o[0]?.at ?? null, newer: n[0]?.at ?? null };
}
