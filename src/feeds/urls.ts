import type { Scope } from "../db/article-queries";
import { scopeKeysOf } from "../db/article-writes";
import type { ArticleRow } from "../domain/article";
import { absoluteUrl, type SiteConfig } from "../lib/site";

export const FEED_FORMATS = ["rss", "atom", "json"] as const;
export type FeedFormat = (typeof FEED_FORMATS)[number];

export const FEED_FILE: Record<FeedFormat, string> = { rss: "feed.xml", atom: "atom.xml", json: "feed.json" };

/** Path of the HTML listing of a scope: /, /section/a/b, /tag/x, /author/y (segments percent-encoded). */
export function scopePath(scope: Scope): string {
  switch (scope.kind) {
    case "site":
      return "/";
    case "section":
      return `/section/${scope.key.split("/").map(encodeURIComponent).join("/")}`;
    case "tag":
      return `/tag/${encodeURIComponent(scope.key)}`;
    case "author":
      return `/author/${encodeURIComponent(scope.key)}`;
  }
}

export function feedPath(scope: Scope, format: FeedFormat): string {
  const base = scopePath(scope);
  return `${base === "/" ? "" : base}/${FEED_FILE[format]}`;
}

export function feedUrl(site: SiteConfig, scope: Scope, format: FeedFormat): string {
  return absoluteUrl(site, feedPath(scope, format));
}

/** Monthly archive document of a scope (RFC 5005 §4): /archive/2020-12/feed.xml, /archive/2020-12/tag/x/atom.xml */
export function archivePath(scope: Scope, month: string, format: FeedFormat): string {
  return `/archive/${month}${feedPath(scope, format)}`;
}

export function archiveUrl(site: SiteConfig, scope: Scope, month: string, format: FeedFormat): string {
  return absoluteUrl(site, archivePath(scope, month, format));
}

/** Every feed URL whose contents an article can appear in (its scopes, all formats). */
export function feedUrlsForArticle(
  site: SiteConfig,
  article: Pick<ArticleRow, "section" | "tags" | "authors">,
) {
  return scopeKeysOf(article).flatMap((scope) => FEED_FORMATS.map((format) => feedUrl(site, scope, format)));
}
