import { type Scope, SITE_SCOPE } from "../domain/scope";
import { encodePageCursor, type PageCursor } from "../lib/cursor";
import type { FeedContent } from "../lib/feed-content";
import { parsePeriod } from "./archive";
import { archivePath, decodeNameSegments, FEED_FILE, type FeedFormat, feedPath } from "./urls";

const FORMAT_BY_FILE = new Map(
  Object.entries(FEED_FILE).map(([format, file]) => [file, format as FeedFormat]),
);

// The site's own feeds, the most polled paths: answered without splitting the path.
const SITE_FEED_FORMATS = new Map([...FORMAT_BY_FILE].map(([file, format]) => [`/${file}`, format]));

/** Which feed document a path names. */
export interface FeedTarget {
  scope: Scope;
  format: FeedFormat;
  /** Archive period ("2020-12", "2020-12-w2", "2020-12-09-p2"), null for the subscription document and its pages. */
  period: string | null;
}

/**
 * /feed.xml, /section/a/b/atom.xml, /tag/x/feed.json, /author/y/feed.xml, and the same behind
 * /archive/{period} (YYYY-MM, YYYY-MM-wN, YYYY-MM-DD, YYYY-MM-DD-pN); null for any other path.
 */
export function parseFeedPath(pathname: string): FeedTarget | null {
  const siteFormat = SITE_FEED_FORMATS.get(pathname);
  if (siteFormat) return { scope: SITE_SCOPE, format: siteFormat, period: null };
  let segments = pathname.split("/").slice(1);
  if (segments.some((s) => s === "")) return null;
  let period: string | null = null;
  if (segments[0] === "archive") {
    period = segments[1] ?? "";
    if (!parsePeriod(period)) return null;
    segments = segments.slice(2);
  }
  const format = FORMAT_BY_FILE.get(segments.at(-1) ?? "");
  if (!format) return null;
  const [kind, ...rest] = segments.slice(0, -1);
  if (kind === undefined) return { scope: SITE_SCOPE, format, period };
  const names = decodeNameSegments(rest);
  if (kind === "section" && names && names.length > 0 && !names.some((n) => n.includes("/"))) {
    return { scope: { kind, key: names.join("/") }, format, period };
  }
  if ((kind === "tag" || kind === "author") && names?.length === 1 && names[0]) {
    return { scope: { kind, key: names[0] }, format, period };
  }
  return null;
}

/** The path the site's own links use for this document, however the request spelled it. */
export function feedTargetPath({ scope, format, period }: FeedTarget): string {
  if (period) return archivePath(scope, period, format);
  return scope.kind === "site" ? `/${FEED_FILE[format]}` : feedPath(scope, format);
}

/** A page of a subscription document: null for the newest page and for the site's page size. */
export interface PageSelection {
  cursor: PageCursor | null;
  pageLimit: number | null;
  /** ?content= when it differs from the site's FEED_CONTENT, else null. */
  content?: FeedContent | null;
}

/** Path and query that select the document, in the form its self link uses: cursor, a non-default limit, content. */
export function feedDocumentPath(target: FeedTarget, { cursor, pageLimit, content }: PageSelection): string {
  const path = feedTargetPath(target);
  if (cursor) {
    // A cursor is base64 ("+", "/"): URLSearchParams spells it as the form encoding does.
    const query = new URLSearchParams({ cursor: encodePageCursor(cursor) });
    if (pageLimit !== null) query.set("limit", String(pageLimit));
    if (content) query.set("content", content);
    return `${path}?${query}`;
  }
  // Digits and "full"/"excerpt" need no escape: the string URLSearchParams would build, built directly.
  const limit = pageLimit === null ? "" : `limit=${pageLimit}`;
  if (!content) return limit ? `${path}?${limit}` : path;
  return limit ? `${path}?${limit}&content=${content}` : `${path}?content=${content}`;
}
