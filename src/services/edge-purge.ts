import { scopeKeysOf } from "../db/article-writes";
import { type ArticleRow, isPubliclyVisible } from "../domain/article";
import { articleCacheTag, SEARCH_CACHE_TAG, scopeCacheTag, slugCacheTag } from "../domain/cache-tags";
import type { WriteContext } from "./write-context";

// Cloudflare documents purges by tag in batches; 30 per call keeps each purge well inside them.
const TAGS_PER_PURGE = 30;

/**
 * The Cache-Tags of every public document a change of one article may have changed: its page (old
 * and new slug), its API item, every scope it was or is listed in, and search. Only states readers
 * could see count: a draft or a future schedule is in no cached document (the cron's flip purges
 * when one comes due).
 */
export function cacheTagsOfChange(states: (ArticleRow | null)[], now: number): string[] {
  const seen = states.filter((state): state is ArticleRow => state !== null && isPubliclyVisible(state, now));
  if (seen.length === 0) return [];
  const tags = new Set<string>([SEARCH_CACHE_TAG]);
  for (const state of seen) {
    tags.add(slugCacheTag(state.slug));
    tags.add(articleCacheTag(state.id));
    for (const scope of scopeKeysOf(state)) tags.add(scopeCacheTag(scope));
  }
  return [...tags];
}

/** Workers Caching's purge, when this Worker runs with a cache in front (`ctx.cache`). */
export function cachePurgeOf(cache: CacheContext | undefined): WriteContext["purgeCache"] {
  return cache ? (tags) => cache.purge({ tags }) : undefined;
}

/**
 * Purges Workers Caching's entries for a change, in the background: only when the Worker runs with
 * a cache in front (`ctx.cache`, wired into the WriteContext); a failing purge is logged, and the
 * entries still expire by their max-age.
 */
export function purgeCachedDocuments(w: WriteContext, states: (ArticleRow | null)[]): void {
  const { purgeCache } = w;
  if (!purgeCache) return;
  const tags = cacheTagsOfChange(states, w.now);
  if (tags.length === 0) return;
  const work = (async () => {
    for (let i = 0; i < tags.length; i += TAGS_PER_PURGE) {
      await purgeCache(tags.slice(i, i + TAGS_PER_PURGE));
    }
  })().catch((err) => {
    console.error(JSON.stringify({ event: "cache.purge.failed", tags: tags.length, error: String(err) }));
  });
  w.waitUntil(work);
}
