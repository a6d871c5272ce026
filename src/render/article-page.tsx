import type { Child } from "hono/jsx";
import type { PublicArticleRow } from "../domain/article";
import { articleUrl } from "../domain/article-representation";
import { SITE_SCOPE } from "../domain/scope";
import { absoluteUrl, type SiteConfig } from "../lib/site";
import { formatRfc3339 } from "../lib/time";
import { ArticleBody } from "./article-body";
import {
  authorPagePath,
  authorUrl,
  hasVisibleUpdate,
  modifiedAt,
  ogLocale,
  sectionCrumbs,
  sectionScope,
  tagPagePath,
} from "./article-meta";
import { formatDateTime } from "./format-date";
import { articleJsonLd } from "./json-ld";
import { JsonLdScript } from "./json-ld-script";
import { type Labels, labelsFor } from "./labels";
import { documentTitle, feedLinks, headMeta, Layout, renderDocument } from "./layout";

export interface ArticlePageProps {
  article: PublicArticleRow;
  site: SiteConfig;
  /** The desk's preview banner: present only on previews, which are never indexed. */
  previewBanner?: Child;
}

export function ArticlePage({ article, site, previewBanner }: ArticlePageProps) {
  const labels = labelsFor(article.language);
  const lang = article.language;
  const offset = article.publishedOffset ?? site.defaultOffsetMinutes;
  const section = sectionScope(article.section);
  const feeds = [
    ...(section ? feedLinks(site, section, article.section.join(" › ")) : []),
    ...feedLinks(site, SITE_SCOPE, site.title),
  ];
  const modified = modifiedAt(article);
  const time = (ms: number) => (
    <time datetime={formatRfc3339(ms, offset)}>{formatDateTime(ms, offset, lang)}</time>
  );

  return (
    <Layout
      site={site}
      labels={labels}
      lang={lang}
      title={documentTitle(article.title, site.title)}
      description={article.summary}
      canonical={articleUrl(site, article)}
      feeds={feeds}
      head={
        <>
          {previewBanner ? <meta name="robots" content="noindex, nofollow" /> : null}
          <SocialMeta article={article} site={site} />
        </>
      }
    >
      {previewBanner ?? null}
      <article class="article">
        <nav class="breadcrumb" aria-label={labels.breadcrumb}>
          <ol>
            <li>
              <a href="/">{labels.home}</a>
            </li>
            {sectionCrumbs(article.section).map((crumb) => (
              <li>
                <a href={crumb.path}>{crumb.name}</a>
              </li>
            ))}
          </ol>
        </nav>
        <header>
          <h1>{article.title}</h1>
          {article.subtitle ? <p class="subtitle">{article.subtitle}</p> : null}
          <p class="meta">
            {article.publishedAt !== null ? <span class="published">{time(article.publishedAt)}</span> : null}
            {article.source ? (
              <span class="source">
                {labels.source}
                {labels.colon}
                {article.source.url ? (
                  <a href={article.source.url}>{article.source.name}</a>
                ) : (
                  article.source.name
                )}
              </span>
            ) : null}
            {article.authors.length > 0 ? <Byline article={article} labels={labels} /> : null}
            {hasVisibleUpdate(article) && modified !== null ? (
              <span class="updated">
                {labels.updated} {time(modified)}
              </span>
            ) : null}
          </p>
        </header>
        {article.image ? (
          <figure class="lead-image">
            <img
              src={article.image.url}
              alt={article.image.alt ?? article.image.caption ?? ""}
              width={article.image.width}
              height={article.image.height}
            />
            {article.image.caption || article.image.credit ? (
              <figcaption>
                {article.image.caption}
                {article.image.credit ? <span class="credit">{article.image.credit}</span> : null}
              </figcaption>
            ) : null}
          </figure>
        ) : null}
        <ArticleBody bodyHtml={article.bodyHtml} />
        <footer class="article-footer">
          {article.printEdition ? (
            <p class="print-edition">{labels.printLine(article.printEdition, article.source?.name)}</p>
          ) : null}
          {article.editors.length > 0 ? (
            <p class="editors">
              {labels.editor}
              {labels.colon}
              {article.editors.map((e) => e.name).join("、")}
            </p>
          ) : null}
          {article.tags.length > 0 ? (
            <nav class="tags" aria-label={labels.tags}>
              <ul>
                {article.tags.map((tag) => (
                  <li>
                    <a href={tagPagePath(tag)} rel="tag">
                      {tag}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
        </footer>
      </article>
    </Layout>
  );
}

function Byline({ article, labels }: { article: PublicArticleRow; labels: Labels }) {
  return (
    <span class="byline">
      {labels.byline}
      {article.authors.map((author, i) => {
        const { before, after } = labels.authorLine(author);
        return (
          <span class="author">
            {i > 0 ? labels.authorSeparator : null}
            {before ? <span class="job-title">{before}</span> : null}
            <a href={authorPagePath(author)} rel="author">
              {author.name}
            </a>
            {after ? <span class="job-title">{after}</span> : null}
          </span>
        );
      })}
    </span>
  );
}

/** OpenGraph, Twitter card and schema.org metadata; every value is escaped by JSX or serializeJsonLd. */
function SocialMeta({ article, site }: { article: PublicArticleRow; site: SiteConfig }) {
  const url = articleUrl(site, article);
  const offset = article.publishedOffset ?? site.defaultOffsetMinutes;
  const modified = modifiedAt(article);
  const image = article.image;
  const imageUrl = image ? absoluteUrl(site, image.url) : null;
  const imageAlt = image?.alt ?? image?.caption;
  return (
    <>
      {headMeta({ property: "og:type", content: "article" })}
      {headMeta({ property: "og:site_name", content: site.title })}
      {headMeta({ property: "og:title", content: article.title })}
      {headMeta({ property: "og:description", content: article.summary })}
      {headMeta({ property: "og:url", content: url })}
      {headMeta({ property: "og:locale", content: ogLocale(article.language) })}
      {imageUrl ? headMeta({ property: "og:image", content: imageUrl }) : null}
      {imageUrl && imageAlt ? headMeta({ property: "og:image:alt", content: imageAlt }) : null}
      {image?.width ? headMeta({ property: "og:image:width", content: String(image.width) }) : null}
      {image?.height ? headMeta({ property: "og:image:height", content: String(image.height) }) : null}
      {article.publishedAt !== null
        ? headMeta({
            property: "article:published_time",
            content: formatRfc3339(article.publishedAt, offset),
          })
        : null}
      {modified !== null
        ? headMeta({ property: "article:modified_time", content: formatRfc3339(modified, offset) })
        : null}
      {article.section.length > 0
        ? headMeta({ property: "article:section", content: article.section.at(-1) })
        : null}
      {article.authors.map((a) => headMeta({ property: "article:author", content: authorUrl(site, a) }))}
      {article.tags.map((tag) => headMeta({ property: "article:tag", content: tag }))}
      {headMeta({ name: "twitter:card", content: imageUrl ? "summary_large_image" : "summary" })}
      {headMeta({ name: "twitter:title", content: article.title })}
      {headMeta({ name: "twitter:description", content: article.summary })}
      {imageUrl ? headMeta({ name: "twitter:image", content: imageUrl }) : null}
      {imageUrl && imageAlt ? headMeta({ name: "twitter:image:alt", content: imageAlt }) : null}
      <JsonLdScript data={articleJsonLd(article, site, labelsFor(article.language).home)} />
    </>
  );
}

export function renderArticlePage(article: PublicArticleRow, site: SiteConfig, previewBanner?: Child) {
  return renderDocument(<ArticlePage article={article} site={site} previewBanner={previewBanner} />);
}
