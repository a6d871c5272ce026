import { and, asc, desc, eq, gte, isNull, lt, lte, max, min, type SQL, sql } from "drizzle-orm";
import type { ArticleRow } from "../domain/article";
import type { Keyset, Scope } from "./article-queries";
import type { Db } from "./client";
import { articleScopes, articles } from "./schema";

// Queries only the feed documents need (previous pages, monthly archives). Same visibility rule as
// listPublicPage: listed scope row, publication time come, article not deleted.

function visibleIn(scope: Scope, now: number): SQL[] {
  return [
    eq(articleScopes.kind, scope.kind),
    eq(articleScopes.key, scope.key),
    eq(articleScopes.listed, true),
    lte(articleScopes.publishedAt, now),
  ];
}

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
        ...visibleIn(scope, options.now),
        isNull(articles.deletedAt),
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
): Promise<ArticleRow[]> {
  const rows = await db
    .select({ article: articles })
    .from(articleScopes)
    .innerJoin(articles, eq(articles.id, articleScopes.articleId))
    .where(
      and(
        ...visibleIn(scope, options.now),
        isNull(articles.deletedAt),
        gte(articleScopes.publishedAt, options.from),
        lt(articleScopes.publishedAt, options.to),
      ),
    )
    .orderBy(desc(articleScopes.publishedAt), desc(articleScopes.articleId))
    .limit(options.limit);
  return rows.map((r) => r.article);
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
      and(...visibleIn(scope, now), gte(articleScopes.publishedAt, from), lt(articleScopes.publishedAt, to)),
    )
    .orderBy(desc(articleScopes.publishedAt), desc(articleScopes.articleId));
  const older = db
    .select({ at: max(articleScopes.publishedAt) })
    .from(articleScopes)
    .where(and(...visibleIn(scope, now), lt(articleScopes.publishedAt, from)));
  const newer = db
    .select({ at: min(articleScopes.publishedAt) })
    .from(articleScopes)
    .where(and(...visibleIn(scope, now), gte(articleScopes.publishedAt, to)));
  const [m, o, n] = await db.batch([members, older, newer]);
  return { members: m, older: o[0]?.at ?? null, newer: n[0]?.at ?? null };
}
