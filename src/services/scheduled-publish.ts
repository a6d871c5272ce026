import { and, asc, eq, isNull, lte } from "drizzle-orm";
import { updateArticle } from "../db/article-writes";
import type { Db } from "../db/client";
import { articles } from "../db/schema";
import type { ArticleRow } from "../domain/article";
import { feedUrlsForArticle } from "../feeds/urls";
import type { SiteConfig } from "../lib/site";
import { pingHub } from "./public-change";

/** Revisions written by the scheduler carry this in place of a token id. */
export const SCHEDULER_ACTOR = "system:scheduler";
const BATCH = 50;

export interface ScheduledRunResult {
  published: ArticleRow[];
  /** Articles an editor changed while this run was flipping them; the next run looks again. */
  skipped: number;
}

/**
 * Flips every scheduled article whose time has come to published, with a revision row, then tells
 * the WebSub hub. Readers already see such articles (visibility is filtered by time at query time);
 * the flip makes the moment observable and lets the hub learn of it. Re-running finds nothing new,
 * and a run that was missed is caught up by the next one.
 */
export async function publishDueArticles(db: Db, site: SiteConfig, now: number): Promise<ScheduledRunResult> {
  const due = await db
    .select()
    .from(articles)
    .where(and(eq(articles.status, "scheduled"), lte(articles.publishedAt, now), isNull(articles.deletedAt)))
    .orderBy(asc(articles.publishedAt), asc(articles.id))
    .limit(BATCH);
  const published: ArticleRow[] = [];
  let skipped = 0;
  for (const current of due) {
    // Same guarded write as an editor's PATCH: an edit that lands first wins and this one is dropped.
    const saved = await updateArticle(db, current, { ...current, status: "published" }, current.slug, {
      now,
      tokenId: SCHEDULER_ACTOR,
      action: "update",
    });
    if (saved) published.push(saved);
    else skipped++;
  }
  const topics = new Set(published.flatMap((article) => feedUrlsForArticle(site, article)));
  if (topics.size > 0) {
    // Best effort, as for editors' writes: the articles are public whatever the hub answers.
    await pingHub(site, [...topics]).catch((err) => {
      console.error(JSON.stringify({ event: "websub.ping.failed", source: "scheduler", error: String(err) }));
    });
  }
  return { published, skipped };
}
