import { eq } from "drizzle-orm";
import type { Db } from "./client";
import { articleScopes, articles } from "./schema";
import { publiclyVisibleIn } from "./visibility";

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
      options.includeHidden ? eq(articleScopes.kind, "tag") : publiclyVisibleIn({ kind: "tag" }, options.now),
    )
    .orderBy(articleScopes.key)
    .limit(options.limit);
  return rows.map((r) => r.key);
}
