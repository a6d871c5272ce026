import { raw } from "hono/html";
import type { ArticleRow } from "../domain/article";
import { FEED_FORMATS } from "../feeds/urls";
import type { SiteConfig } from "../lib/site";
import { labelsFor } from "./labels";
import { documentTitle, type FeedLink, Layout, renderDocument } from "./layout";
import { ListItem, Pager } from "./listing-page";
import { searchLabelsFor } from "./search-labels";

export interface SearchResult {
  article: ArticleRow;
  /** Escaped HTML with <mark> around matched terms (lib/search-snippet.ts). */
  snippetHtml: string;
}

export interface SearchPageProps {
  site: SiteConfig;
  /** The query as the reader typed it (trimmed), "" for the empty search page. */
  q: string;
  results: SearchResult[];
  /** Why the query cannot be searched, in the page's language; null when it was searched. */
  message: string | null;
  canonical: string;
  /** Autodiscovery of this query's feeds; empty when there is nothing to subscribe to. */
  feeds: FeedLink[];
  firstHref: string | null;
  moreHref: string | null;
}

const FEED_NAMES = { rss: "RSS", atom: "Atom", json: "JSON Feed" } as const;
const FEED_TYPES = {
  rss: "application/rss+xml",
  atom: "application/atom+xml",
  json: "application/feed+json",
} as const;

/** The search feeds of a query, for autodiscovery and the footer. */
export function searchFeedLinks(title: string, hrefOf: (format: keyof typeof FEED_NAMES) => string) {
  return FEED_FORMATS.map((format) => ({
    type: FEED_TYPES[format],
    title: `${title} (${FEED_NAMES[format]})`,
    href: hrefOf(format),
    scopeTitle: title,
    formatName: FEED_NAMES[format],
  }));
}

export function SearchPage(props: SearchPageProps) {
  const { site, q } = props;
  const lang = site.language;
  const labels = labelsFor(lang);
  const search = searchLabelsFor(lang);
  const heading = q ? search.resultsFor(q) : search.heading;
  return (
    <Layout
      site={site}
      labels={labels}
      lang={lang}
      title={documentTitle(heading, site.title)}
      canonical={props.canonical}
      feeds={props.feeds}
      searchQuery={q}
      head={<meta name="robots" content="noindex" />}
    >
      <section class="listing search-results">
        <h1>{heading}</h1>
        {props.message ? (
          <p class="search-message" role="alert">
            {props.message}
          </p>
        ) : q && props.results.length === 0 ? (
          <p class="search-message">{search.noResults}</p>
        ) : !q ? (
          <p class="listing-intro">{search.blank}</p>
        ) : null}
        {props.results.length > 0 ? (
          <ol class="article-list">
            {props.results.map((result) => (
              <ListItem article={result.article} site={site} pageLang={lang}>
                {/* The snippet is built escaped character by character; only its <mark> tags are markup. */}
                {result.snippetHtml ? <p class="search-snippet">{raw(result.snippetHtml)}</p> : null}
              </ListItem>
            ))}
          </ol>
        ) : null}
        <Pager
          first={props.firstHref}
          next={props.moreHref}
          firstLabel={search.firstPage}
          nextLabel={search.morePage}
        />
      </section>
    </Layout>
  );
}

export function renderSearchPage(props: SearchPageProps) {
  return renderDocument(<SearchPage {...props} />);
}
