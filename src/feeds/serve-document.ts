import type { Context } from "hono";
import { documentCacheBytes, feedDocuments } from "../db/isolate-cache";
import type { AppEnv } from "../env";
import { conditional, strongEtag } from "../lib/conditional";
import { absoluteUrl } from "../lib/site";
import { renderAtom } from "./atom";
import {
  edgeCacheKey,
  feedContentType,
  feedRenderKey,
  readEdgeCache,
  websubLinkHeader,
  writeEdgeCache,
} from "./http";
import { renderJsonFeed } from "./json-feed";
import type { FeedDocument } from "./model";
import { renderRss } from "./rss";
import type { FeedFormat } from "./urls";

const UTF8 = new TextEncoder();
const RENDERERS: Record<FeedFormat, (doc: FeedDocument) => string> = {
  rss: renderRss,
  atom: renderAtom,
  json: renderJsonFeed,
};

/** One feed document, as a page or an archive describes it for serving. */
export interface FeedDocumentSource {
  format: FeedFormat;
  /** Canonical path and query: the self link, the WebSub topic and the cache key. */
  path: string;
  /** The data part of the strong ETag: whatever changes when the document's bytes would. */
  validator: number | string;
  lastModified: number | null;
  cacheControl: string;
  /** Reads and builds the document; called only when no cache holds its bytes. */
  load: () => Promise<FeedDocument>;
}

/**
 * Headers, conditional GET, isolate memory, edge cache, render. Caches hold only the body, keyed by
 * validator; every header (the content type chosen from Accept among them) comes from this request.
 */
export async function serveFeedDocument(c: Context<AppEnv>, source: FeedDocumentSource): Promise<Response> {
  const { site } = c.var;
  const { format, path } = source;
  c.header("link", websubLinkHeader(site.websubHubUrl, absoluteUrl(site, path)));
  c.header("access-control-allow-origin", "*");
  c.header("x-content-type-options", "nosniff");
  if (format !== "json") c.header("vary", "Accept");
  const etag = strongEtag(source.validator, `feed|${path}|${feedRenderKey(site)}`);
  const notModified = conditional(c, { etag, lastModified: source.lastModified }, source.cacheControl);
  if (notModified) return notModified;

  const contentType = feedContentType(format, c.req.header("accept"));
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
  const body = RENDERERS[format](await source.load());
  feedDocuments.set(key.url, UTF8.encode(body) as Uint8Array<ArrayBuffer>);
  if (c.req.method === "GET") writeEdgeCache(c, key, body, contentType);
  c.header("x-edge-cache", "miss");
  return c.body(body, 200);
}
