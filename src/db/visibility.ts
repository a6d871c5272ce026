import { and, eq, isNotNull, isNull, lte, type Placeholder, type SQL, sql } from "drizzle-orm";
import type { ScopeKind } from "../domain/scope";
import { articleScopes, articles } from "./schema";

/**
 * The public visibility rule in SQL, written once: the scope row is listed and its publication time
 * has come, and the article is not deleted (domain/article.ts isPubliclyVisible is the same rule
 * for one row). `key` omitted matches every scope of the kind (all tags).
 *
 * `listed` is already false for a deleted article (db/article-writes.ts), so a query that reads
 * article_scopes alone passes `articlesJoined: false`; with the join the deleted check stays as
 * a second guard. Placeholders stand in for the values in statements compiled once (compiled-select.ts).
 */
export function publiclyVisibleIn(
  scope: { kind: ScopeKind | Placeholder; key?: string | Placeholder },
  now: number | Placeholder,
  options: { articlesJoined: boolean } = { articlesJoined: true },
): SQL {
  return and(
    eq(articleScopes.kind, scope.kind),
    scope.key === undefined ? undefined : eq(articleScopes.key, scope.key),
    eq(articleScopes.listed, true),
    lte(articleScopes.publishedAt, now),
    options.articlesJoined ? isNull(articles.deletedAt) : undefined,
  ) as SQL;
}

/**
 * The same rule on the article row alone (domain/article.ts isPubliclyVisible), for a query that
 * reads articles without their scope rows: a sitemap chunk then reads one row per article.
 */
export function articleRowPubliclyVisible(now: number | Placeholder): SQL {
  return and(
    isNull(articles.deletedAt),
    // A literal, not a bound value: SQLite uses a partial index only for a WHERE that implies its own.
    sql`${articles.status} <> 'draft'`,
    isNotNull(articles.publishedAt),
    lte(articles.publishedAt, now),
  ) as SQL;
}
