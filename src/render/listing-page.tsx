import type { Child } from "hono/jsx";
import type { ListingCard } from "../db/listing-heads";

/** What a listing shows of an article: the card's fields, read and kept as db/listing-heads.ts does. */
export type ListedHead = Omit<ListingCard, "writeId">;

import { articlePath } from "../domain/article-representation";
import { type Scope, SITE_SCOPE } from "../domain/scope";
import type { SiteConfig } from "../lib/site";
import { formatRfc3339 } from "../lib/time";
import { type Crumb, sectionCrumbs } from "./article-meta";
import { formatDateTime } from "./format-date";
import { type Labels, labelsFor } from "./labels";
import { documentTitle, feedLinks, Layout, renderDocument } from "./layout";

export interface ListingPageProps {
  site: SiteConfig;
  scope: Scope;
  articles: ListedHead[];
  canonical: string;
  /** Path of the first page, when this is a later one. */
  firstHref: string | null;
  olderHref: string | null;
}

export function ListingPage(props: ListingPageProps) {
  const { site, scope } = props;
  const lang = site.language;
  const labels = labelsFor(lang);
  const { heading, crumbs, intro } = describeScope(scope, props.articles, labels);
  const feeds =
    scope.kind === "site"
      ? feedLinks(site, SITE_SCOPE, site.title)
      : [...feedLinks(site, scope, heading), ...feedLinks(site, SITE_SCOPE, site.title)];
  return (
    <Layout
      site={site}
      labels={labels}
      lang={lang}
      title={scope.kind === "site" ? site.title : documentTitle(heading, site.title)}
      description={scope.kind === "site" ? site.description : intro}
      canonical={props.canonical}
      feeds={feeds}
    >
      <section class="listing">
        {crumbs.length > 0 ? (
          <nav class="breadcrumb" aria-label={labels.breadcrumb}>
            <ol>
              <li>
                <a href="/">{labels.home}</a>
              </li>
              {crumbs.map((crumb) => (
                <li>
                  <a href={crumb.path}>{crumb.name}</a>
                </li>
              ))}
            </ol>
          </nav>
        ) : null}
        <h1>{heading}</h1>
        {intro ? <p class="listing-intro">{intro}</p> : null}
        {props.articles.length === 0 ? (
          <p>{labels.noArticles}</p>
        ) : (
          <ol class="article-list">
            {props.articles.map((article) => (
              <ListItem article={article} site={site} pageLang={lang} />
            ))}
          </ol>
        )}
        <Pager
          first={props.firstHref}
          next={props.olderHref}
          firstLabel={labels.newest}
          nextLabel={labels.older}
        />
      </section>
    </Layout>
  );
}

/** "First page" and "next page" links of a keyset-paged list; nothing when there is only one page. */
export function Pager(props: {
  first?: string | null;
  next?: string | null;
  firstLabel: string;
  nextLabel: string;
}) {
  if (!props.first && !props.next) return null;
  return (
    <nav class="pager">
      {props.first ? <a href={props.first}>{props.firstLabel}</a> : <span />}
      {props.next ? (
        <a href={props.next} rel="next">
          {props.nextLabel}
        </a>
      ) : null}
    </nav>
  );
}

/** One article in a list: headline, subtitle, date, section and authors, then `children` (default: the summary). */
export function ListItem({
  article,
  site,
  pageLang,
  children,
}: {
  article: ListedHead;
  site: SiteConfig;
  pageLang: string;
  children?: Child;
}) {
  const offset = article.publishedOffset ?? site.defaultOffsetMinutes;
  const labels = labelsFor(article.language);
  return (
    <li lang={article.language === pageLang ? undefined : article.language}>
      <article>
        <h2>
          <a href={articlePath(article)}>{article.title}</a>
        </h2>
        {article.subtitle ? <p class="subtitle">{article.subtitle}</p> : null}
        <p class="meta">
          {article.publishedAt !== null ? (
            <time datetime={formatRfc3339(article.publishedAt, offset)}>
              {formatDateTime(article.publishedAt, offset, article.language)}
            </time>
          ) : null}
          {article.section.length > 0 ? <span>{article.section.at(-1)}</span> : null}
          {article.authors.length > 0 ? (
            <span>{article.authors.map((a) => a.name).join(labels.authorSeparator)}</span>
          ) : null}
        </p>
        {children ?? (article.summary ? <p class="summary">{article.summary}</p> : null)}
      </article>
    </li>
  );
}

function describeScope(
  scope: Scope,
  articles: ListedHead[],
  labels: Labels,
): { heading: string; crumbs: Crumb[]; intro: string | null } {
  switch (scope.kind) {
    case "site":
      return { heading: labels.newest, crumbs: [], intro: null };
    case "section": {
      const crumbs = sectionCrumbs(scope.key.split("/"));
      return { heading: crumbs.at(-1)?.name ?? scope.key, crumbs, intro: null };
    }
    case "tag":
      return { heading: labels.tagHeading(scope.key), crumbs: [], intro: null };
    case "author": {
      // The job title as of the newest article on the page.
      const title = articles.flatMap((a) => a.authors).find((a) => a.name === scope.key)?.title;
      return { heading: scope.key, crumbs: [], intro: title ?? null };
    }
  }
}

export function renderListingPage(props: ListingPageProps) {
  return renderDocument(<ListingPage {...props} />);
}
