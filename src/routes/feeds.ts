import { validatorTtl } from "../db/isolate-cache";
import { createRouter } from "../env";
import { archiveDocument } from "../feeds/archive-document";
import { entryCacheBytes } from "../feeds/feed-bytes";
import { type FeedReader, subscriptionPage } from "../feeds/feed-documents";
import { feedTargetPath, parseFeedPath } from "../feeds/feed-path";
import { feedRenderKey } from "../feeds/http";
import { serveFeedDocument } from "../feeds/serve-document";
import { decodeCursor } from "../lib/cursor";
import { parseContentQuery } from "../lib/feed-content";
import { problem } from "../lib/problem";
import { MAX_FEED_PAGE_SIZE } from "../lib/site";
import { redirectToCanonical } from "./canonical-path";

export const feedRoutes = createRouter();

// Every feed path (/feed.xml, /tag/x/atom.xml, /archive/2020-12/feed.json, …); anything else falls through.
feedRoutes.get("*", async (c, next) => {
  const target = parseFeedPath(new URL(c.req.url).pathname);
  if (!target) return next();
  const redirect = redirectToCanonical(c, feedTargetPath(target));
  if (redirect) return redirect;
  const { db, site, now } = c.var;
  const reader: FeedReader = {
    db,
    site,
    now,
    validatorTtlMs: validatorTtl(c.env, c.var.bypassValidatorMemo),
    content: parseContentQuery(c.req.query("content")) ?? site.feedContent,
    entryCache: { budget: entryCacheBytes(c.env), renderKey: feedRenderKey(site) },
  };
  const document = target.period
    ? await archiveDocument(reader, target, target.period)
    : await subscriptionPage(reader, target, {
        cursor: decodeCursor(c.req.query("cursor")),
        limit: parseLimit(c.req.query("limit")),
      });
  return serveFeedDocument(c, document);
});

function parseLimit(value: string | undefined): number | null {
  if (value === undefined) return null;
  const limit = /^\d{1,3}$/.test(value) ? Number(value) : 0;
  if (limit < 1 || limit > MAX_FEED_PAGE_SIZE) {
    throw problem({
      status: 400,
      type: "bad-request",
      title: "Invalid limit",
      detail: `limit must be an integer from 1 to ${MAX_FEED_PAGE_SIZE}.`,
      errors: [{ pointer: "/limit", detail: "is out of range" }],
    });
  }
  return limit;
}
