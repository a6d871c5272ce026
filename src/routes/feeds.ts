import { validatorTtl } from "../db/isolate-cache";
import { createRouter } from "../env";
import { archiveDocument } from "../feeds/archive-document";
import { entryCacheBytes } from "../feeds/feed-bytes";
import { type FeedReader, subscriptionPage } from "../feeds/feed-documents";
import { feedTargetPath, parseFeedPath } from "../feeds/feed-path";
import { feedRenderKey } from "../feeds/http";
import { serveFeedDocument } from "../feeds/serve-document";
import { decodePageCursor } from "../lib/cursor";
import { parseContentQuery } from "../lib/feed-content";
import { problem } from "../lib/problem";
import { MAX_FEED_PAGE_SIZE } from "../lib/site";
import { rawPath, redirectToCanonical, requestPathname } from "./canonical-path";

export const feedRoutes = createRouter();

// Every feed path (/feed.xml, /tag/x/atom.xml, /archive/2020-12/feed.json, …); anything else falls through.
feedRoutes.get("*", async (c, next) => {
  const url = c.req.url;
  // Pages and listings pass here too: only a path that can name a feed is parsed as a URL.
  if (!mayNameFeed(rawPath(url))) return next();
  const target = parseFeedPath(requestPathname(url));
  if (!target) return next();
  const redirect = redirectToCanonical(c, feedTargetPath(target));
  if (redirect) return redirect;
  // c.get, not c.var: hono builds a new object of every variable on each c.var.
  const site = c.get("site");
  const reader: FeedReader = {
    db: c.get("db"),
    site,
    now: c.get("now"),
    validatorTtlMs: validatorTtl(c.env, c.get("bypassValidatorMemo")),
    content: parseContentQuery(c.req.query("content")) ?? site.feedContent,
    entryCache: { budget: entryCacheBytes(c.env), renderKey: feedRenderKey(site) },
  };
  const document = target.period
    ? await archiveDocument(reader, target, target.period)
    : await subscriptionPage(reader, target, {
        cursor: decodePageCursor(c.req.query("cursor")),
        limit: parseLimit(c.req.query("limit")),
      });
  // Nothing above set a header: the answer is built in one piece.
  return serveFeedDocument(c, document, { ownsHeaders: true });
});

// Every feed path ends in a feed file; escapes, backslashes and dot segments are left to the URL parser.
const FEED_FILE_LAST = /(?:feed\.xml|atom\.xml|feed\.json)$/;
const PARSER_REWRITES = /[%\\]|\/\.\.?(?:\/|$)/;

function mayNameFeed(path: string): boolean {
  return FEED_FILE_LAST.test(path) || PARSER_REWRITES.test(path);
}

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
