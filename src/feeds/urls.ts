import { scopeKeysOf } from "../db/article-writes";
import type { ArticleRow } from "../domain/article";
import { normalizeName } from "../domain/names";
import type { Scope } from "../domain/scope";
import { absoluteUrl, type SiteConfig } from "../lib/site";

export const FEED_FORMATS = ["rss", "atom", "json"] as const;
export type FeedFormat = (typeof FEED_FORMATS)[number];

export const FEED_FILE: Record<FeedFormat, string> = { rss: "feed.xml", atom: "atom.xml", json: "feed.json" };

// A name is one percent-encoded path segment. "." and ".." would be eaten by URL normalization
// (%2E%2E too: WHATWG parsers treat it as ".."), and a feed file name would read as a feed, so those
// segments get a "~" prefix; names that already look like "~.." get one more, which keeps it reversible.
const ESCAPED_NAME = /^~*(?:\.{1,2}|feed\.xml|atom\.xml|feed\.json)$/;

/** One name (tag, author, section level) as a URL path segment: /tag/a%2Fb, /author/~.., /section/~feed.xml */
export function encodeNameSegment(name: string): string {
  return encodeURIComponent(ESCAPED_NAME.test(name) ? `~${name}` : name);
}

/** The name a path segment stands for, in NFC; null when the segment is malformed or not a name's form. */
export function decodeNameSegment(segment: string): string | null {
  let text: string;
  try {
    text = decodeURIComponent(segment);
  } catch {
    return null;
  }
  if (text === "") return null;
  if (ESCAPED_NAME.test(text)) return text.startsWith("~") ? normalizeName(text.slice(1)) : null;
  return normalizeName(text);
}

/** Path of the HTML listing of a scope: /, /section/a/b, /tag/x, /author/y (names encoded as above). */
export function scopePath(scope: Scope): string {
  switch (scope.kind) {
    case "site":
      return "/";
    case "section":
      return `/section/${scope.key.split("/").map(encodeNameSegment).join("/")}`;
    case "tag":
      return `/tag/${encodeNameSegment(scope.key)}`;
    case "author":
      return `/author/${encodeNameSegment(scope.key)}`;
  }
}

export function feedPath(scope: Scope, format: FeedFormat): string {
  const base = scopePath(scope);
  return `${base === "/" ? "" : base}/${FEED_FILE[format]}`;
}

export function feedUrl(site: SiteConfig, scope: Scope, format: FeedFormat): string {
  return absoluteUrl(site, feedPath(scope, format));
}

/** Archive document of a scope and period (RFC 5005 §4): /archive/2020-12/feed.xml, /archive/2020-12-w2/tag/x/atom.xml */
export function archivePath(scope: Scope, period: string, format: FeedFormat): string {
  return `/archive/${period}${feedPath(scope, format)}`;
}

export function archiveUrl(site: SiteConfig, scope: Scope, period: string, format: FeedFormat): string {
  return absoluteUrl(site, archivePath(scope, period, format));
}

/** Every feed URL whose contents an article can appear in (its scopes, all formats). */
export function feedUrlsForArticle(
  site: SiteConfig,
  article: Pick<ArticleRow, "section" | "tags" | "authors">,
) {
  return scopeKeysOf(article).flatMap((scope) => FEED_FORMATS.map((format) => feedUrl(site, scope, format)));
}

/** Every segment decoded as a name, or null when any one is not a valid name segment. */
export function decodeNameSegments(segments: string[]): string[] | null {
  const names = segments.map(decodeNameSegment);
  return names.every((name) => name !== null) ? (names as string[]) : null;
}
