import { COMPACTED_PER_RUN, compactLegacyBodies } from "./db/body-compaction";
import { createDb } from "./db/client";
import { pruneIdempotencyKeys } from "./db/idempotency";
import { pruneIndieAuthCodes } from "./db/indieauth-codes";
import { pruneRefreshTokens } from "./db/indieauth-refresh";
import { pruneRateLimits } from "./db/rate-limits";
import type { Bindings } from "./env";
import { siteFromEnv } from "./lib/site";
import { cachePurgeOf } from "./services/edge-purge";
import { publishDueArticles, SCHEDULER_ACTOR } from "./services/scheduled-publish";
import type { WriteContext } from "./services/write-context";

/** Cron Trigger entry (wrangler.toml [triggers]): housekeeping, then publishes scheduled articles whose time has come. */
export async function scheduled(controller: ScheduledController, env: Bindings, ctx: ExecutionContext) {
  const now = Math.max(Date.now(), controller.scheduledTime);
  // Cron decides what is due from the newest state, so it never reads a lagging replica.
  const db = createDb(env.DB.withSession("first-primary"));
  try {
    // Abuse-limit windows are at most minutes long; older counters only take space.
    await pruneRateLimits(db, now - 3_600_000);
  } catch (err) {
    console.error(JSON.stringify({ event: "rate_limit.prune_failed", error: String(err) }));
  }
  try {
    // Keys are promised for 24 h; past that a retry is a new request (see db/idempotency.ts).
    await pruneIdempotencyKeys(db, now);
  } catch (err) {
    console.error(JSON.stringify({ event: "idempotency.prune_failed", error: String(err) }));
  }
  try {
    await pruneIndieAuthCodes(db, now);
    await pruneRefreshTokens(db, now);
  } catch (err) {
    console.error(JSON.stringify({ event: "indieauth.prune_failed", error: String(err) }));
  }
  try {
    // Rows from before migration 0006 get their deflated body a batch at a time (readers see no change).
    await compactLegacyBodies(db.$client, COMPACTED_PER_RUN);
  } catch (err) {
    console.error(JSON.stringify({ event: "storage.compact_failed", error: String(err) }));
  }
  try {
    const write: WriteContext = {
      db,
      site: siteFromEnv(env),
      now,
      actor: SCHEDULER_ACTOR,
      waitUntil: (work) => ctx.waitUntil(work),
      purgeCache: cachePurgeOf(ctx.cache),
    };
    const result = await publishDueArticles(write);
    if (result.published.length > 0 || result.skipped > 0) {
      const published = result.published.map((a) => a.id);
      console.log(JSON.stringify({ event: "scheduled.publish", published, skipped: result.skipped }));
    }
  } catch (err) {
    // Rethrown so the invocation shows as failed; nothing partial is left (each flip is one batch).
    console.error(JSON.stringify({ event: "scheduled.publish.failed", error: String(err) }));
    throw err;
  }
}
