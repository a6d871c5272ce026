import { type ArticleRow, isPubliclyVisible } from "../domain/article";
import { feedUrlsForArticle } from "../feeds/urls";
import type { SiteConfig } from "../lib/site";
import type { WriteContext } from "./write-context";

const TOPICS_PER_PING = 20;

/**
 * After a write that readers can see, tell the WebSub hub which feeds changed. Runs in
 * waitUntil: the editor's answer never waits for, or fails because of, the hub.
 * Only states readers can see now are named: a future schedule's feeds (tags, authors, sections
 * that may be embargoed) reach the hub when the cron flips it, never before.
 * Edge-cached feeds need no purge: their cache key carries the scope's validator.
 */
export function notifyHubOfChange(w: WriteContext, before: ArticleRow | null, after: ArticleRow): void {
  const { site, now } = w;
  if (!site.websubHubUrl) return;
  const seen = [before, after].filter((state): state is ArticleRow => {
    return state !== null && isPubliclyVisible(state, now);
  });
  if (seen.length === 0) return;
  const topics = new Set(seen.flatMap((state) => feedUrlsForArticle(site, state)));
  const work = pingHub(site, [...topics]).catch((err) => {
    console.error(JSON.stringify({ event: "websub.ping.failed", articleId: after.id, error: String(err) }));
  });
  w.waitUntil(work);
}

export async function pingHub(
  site: SiteConfig,
  topics: string[],
  fetcher: typeof fetch = fetch,
): Promise<void> {
  if (!site.websubHubUrl) return;
  for (let i = 0; i < topics.length; i += TOPICS_PER_PING) {
    const body = new URLSearchParams({ "hub.mode": "publish" });
    for (const topic of topics.slice(i, i + TOPICS_PER_PING)) body.append("hub.url", topic);
    const response = await fetcher(site.websubHubUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body,
      signal: AbortSignal.timeout(5000),
    });
    if (!response.ok) throw new Error(`hub answered ${response.status}`);
  }
}
