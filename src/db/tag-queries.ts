import { and, eq, isNull, lte } from "drizzle-orm";
import type { Db } from "./client";
import { articleScopes, articles } from "./schema";

/**
 * Tags in use, alphabetically: of public articles (listed, published by `now`, not deleted), or,
 * with `includeHidden`, of every article including drafts, scheduled and deleted ones.
 */
export async function tagsInUse(db: Db, options: { now: number; includeHidden: boolean; limit: number }) {
  const rows = await db
    .selectDistinct({ key: articleScopes.key })
    .from(articleScopes)
    .innerJoin(articles, eq(articles.id, articleScopes.articleId))
    .where(
      options.includeHidden
        ? eq(articleScopes.kind, "tag")
        : and(
            eq(articleScopes.kind, "tag"),
            eq(articleScopes.listed, true),
            lte(articleScopes.publishedAt, options.now),
            isNull(articles.deletedAt),
          ),
    )
    .orderBy(articleScopes.key)
    .limit(options.limit);
  return rows.map((r) => r.key);
}
