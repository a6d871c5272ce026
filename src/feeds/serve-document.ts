import type { Context } from "hono";
import type { AppEnv } from "../env";
import { strongEtag } from "../lib/conditional";
import { absoluteUrl } from "../lib/site";
import { serveCachedDocument } from "../render/cached-document";
import { entryCacheBytes, renderFeedBytes } from "./feed-bytes";
import { feedContentType, feedRenderKey, websubLinkHeader } from "./http";
import type { FeedParts } from "./model";
import type { FeedFormat } from "./urls";

/** One feed document, as a page or an archive describes it for serving. */
export interface FeedDocumentSource {
  format: FeedFormat;
  /** Canonical path and query: the self link, the WebSub topic and the cache key. */
  path: string;
  /** The data part of the strong ETag: whatever changes when the document's bytes would. */
  validator: number | string;
  lastModified: number | null;
  cacheControl: string;
  /** Cache-Tag names of what the document lists (domain/cache-tags.ts). */
  tags: string[];
  /** Reads the document's rows and builds its parts; called only when no cache holds its bytes. */
  load: () => Promise<FeedParts>;
}

/**
 * Feed headers, then the shared cached read path (render/cached-document.ts). The content type is
 * chosen from Accept per request; the caches hold the body alone.
 */
export function serveFeedDocument(c: Context<AppEnv>, source: FeedDocumentSource): Promise<Response> {
  const { site } = c.var;
  const { format, path } = source;
  c.header("link", websubLinkHeader(site.websubHubUrl, absoluteUrl(site, path)));
  c.header("access-control-allow-origin", "*");
  c.header("x-content-type-options", "nosniff");
  if (format !== "json") c.header("vary", "Accept");
  return serveCachedDocument(c, {
    path,
    etag: strongEtag(source.validator, `feed|${path}|${feedRenderKey(site)}`),
    lastModified: source.lastModified,
    cacheControl: source.cacheControl,
    tags: source.tags,
    contentType: feedContentType(format, c.req.header("accept")),
    render: async () => {
      const cache = { budget: entryCacheBytes(c.env), renderKey: feedRenderKey(site) };
      return renderFeedBytes(format, await source.load(), cache);
    },
  });
}
