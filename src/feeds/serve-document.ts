import type { Context } from "hono";
import type { AppEnv } from "../env";
import { ByteLru, stringBytes } from "../lib/byte-lru";
import { strongEtag } from "../lib/conditional";
import { absoluteUrl, type SiteConfig } from "../lib/site";
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
 * chosen from Accept per request; the caches hold the body alone. `ownsHeaders`: the caller set no
 * header of its own with c.header (see CachedDocument.ownsHeaders).
 */
export function serveFeedDocument(
  c: Context<AppEnv>,
  source: FeedDocumentSource,
  options: { ownsHeaders?: boolean } = {},
): Promise<Response> {
  const site = c.get("site");
  const { format, path } = source;
  const headers: Record<string, string> = {
    link: selfAndHubLink(site, path),
    "access-control-allow-origin": "*",
    "x-content-type-options": "nosniff",
  };
  if (format !== "json") headers.vary = "Accept";
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
    headers,
    ownsHeaders: options.ownsHeaders ?? false,
  });
}

// The Link header of recently served feeds: building it parses a URL, and a polled feed asks for the
// same one on every request. Keyed by everything it is made of; bounded like every isolate cache.
const links = new ByteLru<string>(64 * 1024, stringBytes);

function selfAndHubLink(site: SiteConfig, path: string): string {
  const key = `${site.url}\u0000${site.websubHubUrl ?? ""}\u0000${path}`;
  let link = links.get(key);
  if (link === undefined) {
    link = websubLinkHeader(site.websubHubUrl, absoluteUrl(site, path));
    links.set(key, link);
  }
  return link;
}
