import type { Context } from "hono";
import { keptOrPublicPage } from "../../db/feed-queries";
import type { Scope } from "../../domain/scope";
import type { AppEnv } from "../../env";
import { entryCacheBytes } from "../../feeds/feed-bytes";
import type { Keyset } from "../../lib/cursor";
import type { FeedContent } from "../../lib/feed-content";
import { encodedItem, jsonListBytes, type ListItem } from "../../render/json-list-bytes";
import { pageRenderKey } from "../html-response";
import { pageLinks, publicView, siteRequestUrl } from "./article-views";

const itemRevision = (article: { id: number; writeId: string }, content: FeedContent) =>
  `${article.id}:${article.writeId}:${content}`;

/**
 * The bytes of the anonymous public list page (`JSON.stringify` of page(…, publicView)), under the
 * visibility rule: a page served before reads its keys first, items this isolate holds encoded cost
 * no row, the others are read by id (visibility checked again) and encoded once; any other page
 * reads its whole rows at once (db/public-entries.ts keptOrPublicPage). An article hidden between the two
 * reads is left out. Only for answers that are the same for every reader (routes/api/cached-reads.ts).
 */
export async function publicListBytes(
  c: Context<AppEnv>,
  scope: Scope,
  options: { limit: number; before: Keyset | null; content: FeedContent },
): Promise<Uint8Array> {
  const { db, site, now } = c.var;
  const { limit, before, content } = options;
  const cache = { budget: entryCacheBytes(c.env), renderKey: pageRenderKey(site) };
  const page = {
    key: `api\u0000${scope.kind}\u0000${scope.key}\u0000${before?.at}:${before?.id}\u0000${limit}\u0000${content}`,
    keeps: cache.budget > 0,
  };
  const { keys, found } = await keptOrPublicPage(
    db,
    scope,
    { now, limit, before, entries: limit },
    page,
    (key) => encodedItem(cache, itemRevision(key, content)),
  );
  const items = found.map((item): ListItem => {
    if ("kept" in item) return { encoded: item.kept };
    // Keyed by the row read: an article edited since its key was read is stored as its new write.
    const { row } = item;
    return { revision: itemRevision(row, content), value: () => publicView(row, site, content) };
  });
  const links = pageLinks(siteRequestUrl(c.req.url, site.url), keys, limit, (key) => ({
    at: key.publishedAt ?? 0,
    id: key.id,
  }));
  return jsonListBytes(items, links, cache);
}
