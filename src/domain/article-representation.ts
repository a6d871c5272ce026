// How an article is addressed and represented outward: its path and URL, its ETag, and the JSON
// of the REST API (public or editor view).
import { absoluteUrl, type SiteConfig } from "../lib/site";
import { formatRfc3339 } from "../lib/time";
import { type ArticleRow, editorSource, type PublicArticleRow } from "./article";
import { articleBodyText } from "./article-text";

export function articlePath(article: Pick<ArticleRow, "slug">): string {
  return `/articles/${encodeURIComponent(article.slug)}`;
}

export function articleUrl(site: SiteConfig, article: Pick<ArticleRow, "slug">): string {
  return absoluteUrl(site, articlePath(article));
}

/** Strong validator of one article version; what If-Match must echo. */
export function articleEtag(article: Pick<ArticleRow, "id" | "version">): string {
  return `"a${article.id}-v${article.version}"`;
}

export function publishedAtString(
  article: Pick<ArticleRow, "publishedAt" | "publishedOffset">,
): string | null {
  return article.publishedAt === null
    ? null
    : formatRfc3339(article.publishedAt, article.publishedOffset ?? 0);
}

/** The JSON representation of an article: camelCase, RFC 3339 dates, original publication offset kept. */
export function toApiArticle(article: ArticleRow, site: SiteConfig, audience: "public" | "editor") {
  const view = toPublicApiArticle(article, site);
  if (audience === "public") return view;
  return {
    ...view,
    body: editorSource(article),
    bodyFormat: article.bodyFormat,
    summaryIsDerived: article.summaryIsDerived,
    deletedAt: article.deletedAt === null ? null : formatRfc3339(article.deletedAt),
    createdBy: article.createdBy,
    updatedBy: article.updatedBy,
  };
}

/** The public representation, which needs no editor source: public reads leave body_source unread. */
export function toPublicApiArticle(article: PublicArticleRow, site: SiteConfig) {
  return {
    id: article.id,
    guid: article.guid,
    slug: article.slug,
    url: articleUrl(site, article),
    status: article.status,
    title: article.title,
    subtitle: article.subtitle,
    summary: article.summary,
    language: article.language,
    section: article.section,
    tags: article.tags,
    authors: article.authors,
    editors: article.editors,
    source: article.source,
    image: article.image,
    printEdition: article.printEdition,
    publishedAt: publishedAtString(article),
    createdAt: formatRfc3339(article.createdAt),
    updatedAt: formatRfc3339(article.updatedAt),
    version: article.version,
    bodyHtml: article.bodyHtml,
    bodyText: articleBodyText(article),
  };
}

export type ApiArticle = ReturnType<typeof toApiArticle>;
