import { and, asc, eq, gt, lte, or, type SQL, sql } from "drizzle-orm";
import type { Scope } from "../domain/scope";
import type { Keyset } from "../lib/cursor";
import { inflateBodies, inflateBody } from "./article-body";
import { keysetPageParts } from "./article-conditions";
import { LISTED_COLUMNS, type ListedArticle } from "./article-queries";
import type { Db } from "./client";
import { articleScopes, articles } from "./schema";

// Delta polling (`updatedSince`): the site's changes and one scope's, oldest change first.

/**
 * Delta polling: every article whose public state changed after `since`, oldest change first.
 * Includes articles that left public view (deleted, unpublished), so pollers can drop them.
 */
export async function listPublicChanges(
  db: Db,
  options: { since: number; now: number; limit: number; after?: Keyset | null },
): Promise<ListedArticle[]> {
  const conditions: (SQL | undefined)[] = [
    gt(articles.publicChangedAt, options.since),
    lte(articles.publicChangedAt, options.now),
  ];
  const { where, orderBy } = keysetPageParts(conditions, {
    orderBy: articles.publicChangedAt,
    direction: "oldest-first",
    cursor: options.after,
  });
  const rows = await db
    .select(LISTED_COLUMNS)
    .from(articles)
    .where(where)
    .orderBy(...orderBy)
    .limit(options.limit);
  return inflateBodies(rows);
}

/** A delta row of one scope: the article, and whether the scope lists it now. */
export interface ScopeChange {
  article: ListedArticle;
  inScope: boolean;
}

/**
 * Delta polling within one scope, in the same order and on the same clock (the article's
 * public_changed_at) as listPublicChanges. Scope rows outlive membership (listed = 0 once an
 * article leaves), so an article that left the scope shows up here too. Driven by the scope's own
 * indexes: its change times, plus its publication times for schedules that came due since.
 */
export async function listPublicScopeChanges(
  db: Db,
  scope: Scope,
  options: ScopeChangesWindow,
): Promise<ScopeChange[]> {
  const rows = await scopeChangesQuery(db, scope, options);
  return rows.map((r) => ({
    article: inflateBody(r.article),
    inScope: r.listed && r.publishedAt <= options.now && r.article.deletedAt === null,
  }));
}

export interface ScopeChangesWindow {
  since: number;
  now: number;
  limit: number;
  after?: Keyset | null;
}

/** The statement of listPublicScopeChanges (tests read its query plan). */
export function scopeChangesQuery(db: Db, scope: Scope, options: ScopeChangesWindow) {
  const s = articleScopes;
  const { since, now } = options;
  const conditions: (SQL | undefined)[] = [
    eq(s.kind, scope.kind),
    eq(s.key, scope.key),
    or(
      gt(s.publicChangedAt, since),
      and(eq(s.listed, true), gt(s.publishedAt, since), lte(s.publishedAt, now)),
    ),
    gt(articles.publicChangedAt, since),
    lte(articles.publicChangedAt, now),
  ];
  if (options.after) {
    conditions.push(
      sql`(${articles.publicChangedAt}, ${articles.id}) > (${options.after.at}, ${options.after.id})`,
    );
  }
  return db
    .select({ article: LISTED_COLUMNS, listed: s.listed, publishedAt: s.publishedAt })
    .from(s)
    .innerJoin(articles, eq(articles.id, s.articleId))
    .where(and(...conditions))
    .orderBy(asc(articles.publicChangedAt), asc(articles.id))
    .limit(options.limit);
}
