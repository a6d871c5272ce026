import { shortHash } from "../lib/short-hash";
import type { Scope } from "./scope";

// Cache-Tag names for Workers Caching (docs/scaling.md, "Workers Caching in front of the Worker"):
// every public document names what it shows, and a write purges the names of what it changed.
// Tags are short ASCII: names of tags, authors and sections are Unicode, so scopes are hashed; a
// collision only purges a little more than needed.

/** Search pages and feeds: any public change may change their results. */
export const SEARCH_CACHE_TAG = "q";

/** The page of one slug, whatever it answers (200, 301 to the current slug, 404, 410). */
export function slugCacheTag(slug: string): string {
  return `p-${shortHash(slug)}`;
}

/** One article in the JSON API (by id or slug). */
export function articleCacheTag(id: number): string {
  return `a-${id}`;
}

/** Every document that lists a scope: its feeds, archives, listing pages and API lists. */
export function scopeCacheTag(scope: Scope): string {
  return `s-${shortHash(`${scope.kind}\u0000${scope.key}`)}`;
}

/** The value of a Cache-Tag header (comma-separated, RFC-less but what Cloudflare reads). */
export function cacheTagHeader(tags: Iterable<string>): string {
  return [...new Set(tags)].join(",");
}
