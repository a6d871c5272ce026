import type { PublicArticleRow } from "../domain/article";
import { articleUrl } from "../domain/article-representation";
import { absoluteUrl, type SiteConfig } from "../lib/site";
import { formatRfc3339 } from "../lib/time";
import { authorUrl, modifiedAt, sectionCrumbs } from "./article-meta";
import { LOGO_PATH, LOGO_SIZE } from "./site-logo";

type Json = string | number | boolean | null | Json[] | { [key: string]: Json | undefined };

const SCRIPT_UNSAFE: Record<string, string> = {
  "<": "\\u003c",
  ">": "\\u003e",
  "&": "\\u0026",
  "\u2028": "\\u2028",
  "\u2029": "\\u2029",
};

/**
 * JSON for a <script> data block: no "<" (so no "</script>" or "<!--"), ">" or "&" can appear, and the
 * line separators old parsers choke on are escaped. JSON.parse of the result gives back the same value.
 */
export function serializeJsonLd(value: Json): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (ch) => SCRIPT_UNSAFE[ch] ?? ch);
}

/** schema.org NewsArticle + BreadcrumbList for an article page, as one @graph. */
export function articleJsonLd(article: PublicArticleRow, site: SiteConfig, homeName: string): Json {
  const url = articleUrl(site, article);
  const offset = article.publishedOffset ?? site.defaultOffsetMinutes;
  const published = article.publishedAt === null ? undefined : formatRfc3339(article.publishedAt, offset);
  const modified = modifiedAt(article);
  const crumbs = sectionCrumbs(article.section);
  const imageUrl = article.image ? absoluteUrl(site, article.image.url) : undefined;
  const publisher = {
    "@type": "Organization",
    name: site.title,
    url: absoluteUrl(site, "/"),
    logo: { "@type": "ImageObject", url: absoluteUrl(site, LOGO_PATH), width: LOGO_SIZE, height: LOGO_SIZE },
  };

  const newsArticle: Json = {
    "@type": "NewsArticle",
    "@id": `${url}#article`,
    url,
    mainEntityOfPage: { "@type": "WebPage", "@id": url },
    headline: article.title,
    alternativeHeadline: article.subtitle ?? undefined,
    description: article.summary || undefined,
    inLanguage: article.language,
    datePublished: published,
    dateModified: modified === null ? undefined : formatRfc3339(modified, offset),
    author: article.authors.map((a) => ({
      "@type": "Person",
      name: a.name,
      jobTitle: a.title,
      url: authorUrl(site, a),
    })),
    editor: article.editors.length
      ? article.editors.map((e) => ({ "@type": "Person", name: e.name }))
      : undefined,
    articleSection: article.section.at(-1),
    keywords: article.tags.length ? article.tags : undefined,
    publisher,
    sourceOrganization: article.source
      ? {
          "@type": "Organization",
          name: article.source.name,
          url: article.source.url ? absoluteUrl(site, article.source.url) : undefined,
        }
      : undefined,
    image: article.image
      ? {
          "@type": "ImageObject",
          url: imageUrl,
          contentUrl: imageUrl,
          caption: article.image.caption,
          creditText: article.image.credit,
          description: article.image.alt,
          width: article.image.width,
          height: article.image.height,
        }
      : undefined,
    printEdition: article.printEdition?.date,
    printPage: article.printEdition?.page,
    printSection: article.printEdition?.section,
    isPartOf: article.printEdition
      ? {
          "@type": "PublicationIssue",
          datePublished: article.printEdition.date,
          isPartOf: {
            "@type": "Periodical",
            name: article.printEdition.publication ?? article.source?.name ?? site.title,
          },
        }
      : undefined,
    isAccessibleForFree: true,
  };

  const breadcrumb: Json = {
    "@type": "BreadcrumbList",
    itemListElement: [{ name: homeName, path: "/" }, ...crumbs].map((crumb, i) => ({
      "@type": "ListItem",
      position: i + 1,
      name: crumb.name,
      item: absoluteUrl(site, crumb.path),
    })),
  };

  return { "@context": "https://schema.org", "@graph": [newsArticle, breadcrumb] };
}
