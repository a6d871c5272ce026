import { updateArticle } from "../db/article-writes";
import { listDueScheduled } from "../db/schedule-queries";
import type { ArticleRow } from "../domain/article";
import { feedUrlsForArticle } from "../feeds/urls";
import { purgeCachedDocuments } from "./edge-purge";
import { pingHub } from "./hub-notify";
import type { WriteActor, WriteContext } from "./write-context";

/** Revisions written by the scheduler carry this in place of a token id. */
export const SCHEDULER_ACTOR: WriteActor = { id: "system:scheduler", mayPublish: true };
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
export async function publishDueArticles(w: WriteContext): Promise<ScheduledRunResult> {
  const { db, site, now, actor } = w;
  const due = await listDueScheduled(db, now, BATCH);
  const published: ArticleRow[] = [];
  let skipped = 0;
  for (const current of due) {
    // Same guarded write as an editor's PATCH: an edit that lands first wins and this one is dropped.
    const flipped = await updateArticle(db, current, { ...current, status: "published" }, current.slug, {
      now,
      tokenId: actor.id,
      action: "update",
    });
    if (flipped) published.push(flipped);
    else skipped++;
  }
  // Cached documents answered before the moment came (a 404 page, feeds without it) go at once.
  purgeCachedDocuments(w, published);
  const topics = new Set(published.flatMap((article) => feedUrlsForArticle(site, article)));
  if (topics.size > 0) {
    // One ping for the whole run, awaited: the run's log line comes after the hub answered. Best
    // effort, as for editors' writes: the articles are public whatever the hub answers.
    await pingHub(site, [...topics]).catch((err) => {
      console.error(JSON.stringify({ event: "websub.ping.failed", source: "scheduler", error: String(err) }));
    });
  }
  return { published, skipped };
}
