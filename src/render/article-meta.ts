import type { ArticleRow, Author } from "../domain/article";
import type { Scope } from "../domain/scope";
import { scopePath } from "../feeds/urls";
import { absoluteUrl, type SiteConfig } from "../lib/site";

// Values derived from an article that both the visible page and its metadata (JSON-LD, OpenGraph) show.

export interface Crumb {
  name: string;
  path: string;
}

/** One crumb per level of the section path, each linking to that section's listing page. */
export function sectionCrumbs(section: readonly string[]): Crumb[] {
  return section.map((name, i) => ({
    name,
    path: scopePath({ kind: "section", key: section.slice(0, i + 1).join("/") }),
  }));
}

export function sectionScope(section: readonly string[]): Scope | null {
  return section.length === 0 ? null : { kind: "section", key: section.join("/") };
}

export function authorPagePath(author: Pick<Author, "name">): string {
  return scopePath({ kind: "author", key: author.name });
}

export function tagPagePath(tag: string): string {
  return scopePath({ kind: "tag", key: tag });
}

/** The author's own page when the editor gave one, else their listing on this site. */
export function authorUrl(site: SiteConfig, author: Author): string {
  return author.url ? absoluteUrl(site, author.url) : absoluteUrl(site, authorPagePath(author));
}

type Dated = Pick<ArticleRow, "publishedAt" | "updatedAt" | "version">;

/**
 * When readers last saw the content change. A first version is as published (imports are often created
 * long after their publication date); later versions count from their edit, never before publication.
 */
export function modifiedAt(article: Dated): number | null {
  if (article.publishedAt === null) return null;
  return article.version > 1 ? Math.max(article.publishedAt, article.updatedAt) : article.publishedAt;
}

/** Show an "updated" line only when the edit is at least a minute after publication. */
export function hasVisibleUpdate(article: Dated): boolean {
  const modified = modifiedAt(article);
  return modified !== null && article.publishedAt !== null && modified - article.publishedAt >= 60_000;
}

/** "zh-CN" → "zh_CN", the form OpenGraph's og:locale uses. */
export function ogLocale(language: string): string {
  const [lang, region] = language.split("-");
  return region && /^[A-Za-z]{2}$/.test(region)
    ? `${lang?.toLowerCase()}_${region.toUpperCase()}`
    : (lang ?? language);
}
