import type { Context } from "hono";
import { type ListedArticle, scopeLastChanged } from "../db/article-queries";
import { archiveState, listPublicEntries, listPublicNewer, listPublicRange } from "../db/feed-queries";
import { documentCacheBytes, feedDocuments, memoizedValidator, validatorTtl } from "../db/isolate-cache";
import { type Scope, SITE_SCOPE } from "../domain/scope";
import { type AppEnv, createRouter } from "../env";
import { isClosedMonth, monthOf, monthRange } from "../feeds/archive";
import { renderAtom } from "../feeds/atom";
import {
  CLOSED_ARCHIVE_CACHE_CONTROL,
  edgeCacheKey,
  FEED_CACHE_CONTROL,
  feedContentType,
  feedRenderKey,
  readEdgeCache,
  websubLinkHeader,
  writeEdgeCache,
} from "../feeds/http";
import { renderJsonFeed } from "../feeds/json-feed";
import { buildFeedModel, entryUpdatedAt, type FeedDocument, type PagePaging } from "../feeds/model";
import { renderRss } from "../feeds/rss";
import { archivePath, decodeNameSegments, FEED_FILE, type FeedFormat, feedPath } from "../feeds/urls";
import { conditional, strongEtag } from "../lib/conditional";
import { decodeCursor, encodeCursor, type Keyset } from "../lib/cursor";
import { problem } from "../lib/problem";
import { shortHash } from "../lib/short-hash";
import { absoluteUrl, MAX_FEED_PAGE_SIZE } from "../lib/site";
import { redirectToCanonical } from "./canonical-path";

// More than a month of a busy newsroom's site feed; beyond it an archive would need day buckets.
export const ARCHIVE_MAX_ITEMS = 2000;

const UTF8 = new TextEncoder();
const FORMAT_BY_FILE = new Map(
  Object.entries(FEED_FILE).map(([format, file]) => [file, format as FeedFormat]),
);
const RENDERERS: Record<FeedFormat, (doc: FeedDocument) => string> = {
  rss: renderRss,
  atom: renderAtom,
  json: renderJsonFeed,
};

export interface FeedTarget {
  scope: Scope;
  format: FeedFormat;
  /** "2020-12" for an archive document, null for the subscription document and its pages. */
  month: string | null;
}

/**
 * /feed.xml, /section/a/b/atom.xml, /tag/x/feed.json, /author/y/feed.xml, and the same behind
 * /archive/YYYY-MM; null for any other path.
 */
export function parseFeedPath(pathname: string): FeedTarget | null {
  let segments = pathname.split("/").slice(1);
  if (segments.some((s) => s === "")) return null;
  let month: string | null = null;
  if (segments[0] === "archive") {
    month = segments[1] ?? "";
    if (!monthRange(month)) return null;
    segments = segments.slice(2);
  }
  const format = FORMAT_BY_FILE.get(segments.at(-1) ?? "");
  if (!format) return null;
  const [kind, ...rest] = segments.slice(0, -1);
  if (kind === undefined) return { scope: SITE_SCOPE, format, month };
  const names = decodeNameSegments(rest);
  if (kind === "section" && names && names.length > 0 && !names.some((n) => n.includes("/"))) {
    return { scope: { kind, key: names.join("/") }, format, month };
  }
  if ((kind === "tag" || kind === "author") && names?.length === 1 && names[0]) {
    return { scope: { kind, key: names[0] }, format, month };
  }
  return null;
}

export const feedRoutes = createRouter();

feedRoutes.get("*", async (c, next) => {
  const target = parseFeedPath(new URL(c.req.url).pathname);
  if (!target) return next();
  const redirect = redirectToCanonical(c, targetPath(target));
  if (redirect) return redirect;
  return target.month ? serveArchive(c, target, target.month) : servePage(c, target);
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

const position = (a: ListedArticle): Keyset => ({ at: a.publishedAt ?? 0, id: a.id });

async function servePage(c: Context<AppEnv>, target: FeedTarget) {
  const { db, site, now } = c.var;
  const { scope } = target;
  const cursor = decodeCursor(c.req.query("cursor"));
  const explicitLimit = parseLimit(c.req.query("limit"));
  const limit = explicitLimit ?? site.feedPageSize;
  // One indexed query decides 304 before anything is listed or rendered.
  const changed = await memoizedValidator(`${scope.kind}\u0000${scope.key}`, now, validatorTtl(c.env), () =>
    scopeLastChanged(db, scope, now),
  );
  // A tag, section or author that never had a public article does not exist as a feed.
  if (scope.kind !== "site" && !changed) throw notFound();

  const pageLimit = limit === site.feedPageSize ? null : limit;
  return respond(
    c,
    target,
    changed ?? 0,
    changed || null,
    FEED_CACHE_CONTROL,
    pageLimit,
    cursor,
    async () => {
      const rows = await listPublicEntries(db, scope, { now, limit: limit + 1, before: cursor });
      const items = rows.slice(0, limit);
      const oldest = items.at(-1);
      let previous: PagePaging["previous"] = null;
      if (cursor) {
        const after = items[0] ? position(items[0]) : cursor;
        const newer = await listPublicNewer(db, scope, { now, after, limit: limit + 1 });
        previous = newer[limit] ?? "first";
      }
      const paging: PagePaging = {
        kind: "page",
        cursor,
        limit: pageLimit,
        next: rows.length > limit && oldest ? position(oldest) : null,
        previous,
        prevArchive: !cursor && oldest?.publishedAt != null ? monthOf(oldest.publishedAt) : null,
      };
      return buildFeedModel(items, site, scope, paging, changed ?? 0);
    },
  );
}

async function serveArchive(c: Context<AppEnv>, target: FeedTarget, month: string) {
  const { db, site, now } = c.var;
  const { scope } = target;
  const range = monthRange(month);
  if (!range) throw notFound();
  const [changed, state] = await Promise.all([
    scopeLastChanged(db, scope, now),
    archiveState(db, scope, { now, from: range.start, to: range.end }),
  ]);
  if (state.members.length === 0) throw notFound();
  const prevArchive = state.older === null ? null : monthOf(state.older);
  const nextArchive = state.newer === null ? null : monthOf(state.newer);
  // Precise validator: only this month's members, their changes and the neighbour links shape the bytes.
  const fingerprint = shortHash(
    JSON.stringify([state.members.map((m) => [m.id, m.changed]), prevArchive, nextArchive]),
  );
  const cacheControl = isClosedMonth(month, now) ? CLOSED_ARCHIVE_CACHE_CONTROL : FEED_CACHE_CONTROL;
  // Last-Modified stays the scope's last change: an upper bound, so If-Modified-Since is never wrongly 304.
  return respond(c, target, fingerprint, changed || null, cacheControl, null, null, async () => {
    const rows = await listPublicRange(db, scope, {
      now,
      from: range.start,
      to: range.end,
      limit: ARCHIVE_MAX_ITEMS + 1,
    });
    if (rows.length > ARCHIVE_MAX_ITEMS) {
      console.error(
        JSON.stringify({ event: "feed.archive.truncated", scope, month, limit: ARCHIVE_MAX_ITEMS }),
      );
    }
    const items = rows.slice(0, ARCHIVE_MAX_ITEMS);
    // An archive's own date is its newest entry's, so it does not move with unrelated changes.
    const updated = Math.max(0, ...items.map(entryUpdatedAt));
    return buildFeedModel(items, site, scope, { kind: "archive", month, prevArchive, nextArchive }, updated);
  });
}

/** Headers, conditional GET, edge cache, render: shared by pages and archives. */
async function respond(
  c: Context<AppEnv>,
  target: FeedTarget,
  validator: number | string,
  lastModified: number | null,
  cacheControl: string,
  pageLimit: number | null,
  cursor: Keyset | null,
  load: () => Promise<FeedDocument>,
) {
  const { site } = c.var;
  const { format } = target;
  const path = canonicalPath(target, pageLimit, cursor);
  const contentType = feedContentType(format, c.req.header("accept"));
  const topic = absoluteUrl(site, path);
  c.header("link", websubLinkHeader(site.websubHubUrl, topic));
  c.header("access-control-allow-origin", "*");
  c.header("x-content-type-options", "nosniff");
  if (format !== "json") c.header("vary", "Accept");
  const etag = strongEtag(validator, `feed|${path}|${feedRenderKey(site)}`);
  const notModified = conditional(c, { etag, lastModified }, cacheControl);
  if (notModified) return notModified;

  c.header("content-type", contentType);
  const key = edgeCacheKey(site.url, path, etag);
  feedDocuments.setBudget(documentCacheBytes(c.env));
  const remembered = feedDocuments.get(key.url);
  if (remembered !== null) {
    c.header("x-edge-cache", "hit");
    return c.body(remembered, 200);
  }
  const cached = await readEdgeCache(key);
  if (cached !== null) {
    feedDocuments.set(key.url, UTF8.encode(cached) as Uint8Array<ArrayBuffer>);
    c.header("x-edge-cache", "hit");
    return c.body(cached, 200);
  }
  const body = RENDERERS[format](await load());
  feedDocuments.set(key.url, UTF8.encode(body) as Uint8Array<ArrayBuffer>);
  if (c.req.method === "GET") writeEdgeCache(c, key, body, contentType);
  c.header("x-edge-cache", "miss");
  return c.body(body, 200);
}

/** The path the site's own links use for this document, however the request spelled it. */
function targetPath({ scope, format, month }: FeedTarget): string {
  return month ? archivePath(scope, month, format) : feedPath(scope, format);
}

/** Path and query that select the document, in the form its self link uses: cursor, then a non-default limit. */
function canonicalPath(target: FeedTarget, pageLimit: number | null, cursor: Keyset | null): string {
  const query = new URLSearchParams();
  if (cursor) query.set("cursor", encodeCursor(cursor));
  if (pageLimit !== null) query.set("limit", String(pageLimit));
  const search = query.toString();
  return search ? `${targetPath(target)}?${search}` : targetPath(target);
}

function notFound() {
  return problem({ status: 404, type: "not-found", title: "No such feed" });
}
