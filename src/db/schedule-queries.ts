import { and, asc, eq, isNull, lte } from "drizzle-orm";
import type { ArticleRow } from "../domain/article";
import { inflateBodies } from "./article-body";
import type { Db } from "./client";
import { articles } from "./schema";

/** Scheduled, not deleted articles whose publication time has come, earliest first. */
export async function listDueScheduled(db: Db, now: number, limit: number): Promise<ArticleRow[]> {
  const rows = await db
    .select()
    .from(articles)
    .where(and(eq(articles.status, "scheduled"), lte(articles.publishedAt, now), isNull(articles.deletedAt)))
    .orderBy(asc(articles.publishedAt), asc(articles.id))
    .limit(limit);
  return inflateBodies(rows);
}
