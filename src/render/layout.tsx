import { html, raw } from "hono/html";
import type { Child } from "hono/jsx";
import { escapeToBuffer } from "hono/utils/html";
import type { Scope } from "../domain/scope";
import { FEED_FORMATS, type FeedFormat, feedUrl } from "../feeds/urls";
import { INDIEAUTH_PATHS } from "../lib/indieauth-paths";
import { MAX_QUERY_CHARACTERS } from "../lib/search-text";
import type { SiteConfig } from "../lib/site";
import type { Labels } from "./labels";
import { searchLabelsFor } from "./search-labels";
import { STYLESHEET_PATH } from "./site-css";
import { SkipLink } from "./skip-link";

export interface FeedLink {
  type: string;
  title: string;
  href: string;
  /** What the feed covers (site, section path, tag…) and its format, for the visible footer links. */
  scopeTitle: string;
  formatName: string;
}

const FEED_TYPES: Record<FeedFormat, { type: string; name: string }> = {
  rss: { type: "application/rss+xml", name: "RSS" },
  atom: { type: "application/atom+xml", name: "Atom" },
  json: { type: "application/feed+json", name: "JSON Feed" },
};

const siteFeedLinks = new WeakMap<SiteConfig, { title: string; links: readonly FeedLink[] }>();

/** Autodiscovery links for one scope's feeds, in every format. */
export function feedLinks(site: SiteConfig, scope: Scope, title: string): readonly FeedLink[] {
  // Every page links the site's own feeds: built once per site config.
  if (scope.kind !== "site") return buildFeedLinks(site, scope, title);
  const known = siteFeedLinks.get(site);
  if (known?.title === title) return known.links;
  const links = Object.freeze(buildFeedLinks(site, scope, title).map((link) => Object.freeze(link)));
  siteFeedLinks.set(site, { title, links });
  return links;
}

function buildFeedLinks(site: SiteConfig, scope: Scope, title: string): FeedLink[] {
  return FEED_FORMATS.map((format) => ({
    type: FEED_TYPES[format].type,
    title: `${title} (${FEED_TYPES[format].name})`,
    href: feedUrl(site, scope, format),
    scopeTitle: title,
    formatName: FEED_TYPES[format].name,
  }));
}

export interface LayoutProps {
  site: SiteConfig;
  labels: Labels;
  lang: string;
  title: string;
  description?: string | null;
  canonical?: string;
  feeds?: readonly FeedLink[];
  /** Page-specific metadata (OpenGraph, JSON-LD). */
  head?: Child;
  /** The query the header's search box shows (the search page echoes it). */
  searchQuery?: string;
  children?: Child;
}

const CHARSET_AND_VIEWPORT = raw(
  '<meta charset="utf-8"/><meta name="viewport" content="width=device-width, initial-scale=1"/>',
);

export function Layout(props: LayoutProps) {
  const { site, labels, feeds = [] } = props;
  return (
    <html lang={props.lang}>
      <head>
        {CHARSET_AND_VIEWPORT}
        <title>{props.title}</title>
        {props.description ? headMeta({ name: "description", content: props.description }) : null}
        {props.canonical ? headLink({ rel: "canonical", href: props.canonical }) : null}
        <link rel="stylesheet" href={STYLESHEET_PATH} />
        {headLink({ rel: "icon", href: "/favicon.svg", type: "image/svg+xml" })}
        {/* Micropub clients discover the publishing endpoint from any page of the site. */}
        {headLink({ rel: "micropub", href: `${site.url}/micropub` })}
        {headLink({ rel: "indieauth-metadata", href: `${site.url}${INDIEAUTH_PATHS.metadata}` })}
        {headLink({ rel: "authorization_endpoint", href: `${site.url}${INDIEAUTH_PATHS.authorization}` })}
        {headLink({ rel: "token_endpoint", href: `${site.url}${INDIEAUTH_PATHS.token}` })}
        {feeds.map((feed) =>
          headLink({ rel: "alternate", type: feed.type, title: feed.title, href: feed.href }),
        )}
        {props.head}
      </head>
      <body>
        <SkipLink label={labels.skipToContent} />
        <header class="site-header">
          <div class="wrap">
            <a class="site-title" href="/">
              {site.title}
            </a>
            {site.description ? <p class="site-description">{site.description}</p> : null}
            <SearchBox lang={props.lang} query={props.searchQuery ?? ""} />
          </div>
        </header>
        <main id="main" class="wrap">
          {props.children}
        </main>
        <footer class="site-footer">
          <div class="wrap">
            {groupByScope(feeds).map(([scopeTitle, links]) => (
              <p class="feed-links">
                {labels.feeds} {scopeTitle}
                {labels.colon}
                {links.map((feed, i) => (
                  <>
                    {i > 0 ? " · " : null}
                    <a href={feed.href} type={feed.type}>
                      {feed.formatName}
                    </a>
                  </>
                ))}
              </p>
            ))}
          </div>
        </footer>
      </body>
    </html>
  );
}

/**
 * `<link …/>` byte for byte as hono/jsx writes it, without hono/jsx's <link> component: that one
 * renders every non-stylesheet link as a document of its own (a render-context run plus a hoisting
 * callback, to move it into <head>) — a fifth of an article page's render time for links already there.
 */
export function headLink(attributes: Record<string, string>) {
  return voidElement("link", attributes);
}

/**
 * `<meta …/>` byte for byte as hono/jsx writes it (null and undefined attributes left out), without
 * its <meta> component: a render-context run and a namespace lookup per tag, for tags already in <head>.
 */
export function headMeta(attributes: Record<string, string | null | undefined>) {
  return voidElement("meta", attributes);
}

function voidElement(tag: "link" | "meta", attributes: Record<string, string | null | undefined>) {
  const buffer = [`<${tag}`];
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined) continue;
    buffer[0] += ` ${name}="`;
    escapeToBuffer(value, buffer);
    buffer[0] += '"';
  }
  return raw(`${buffer[0]}/>`);
}

/** A plain GET form: works without scripts; the input's label is visible to screen readers only. */
function SearchBox({ lang, query }: { lang: string; query: string }) {
  const labels = searchLabelsFor(lang);
  return (
    <search class="site-search">
      <form method="get" action="/search">
        <label class="visually-hidden" for="site-search-q">
          {labels.search}
        </label>
        <input id="site-search-q" type="search" name="q" value={query} maxlength={MAX_QUERY_CHARACTERS} />
        <button type="submit">{labels.submit}</button>
      </form>
    </search>
  );
}

// Search results cut titles near 70 characters; the page's own title matters more than the site name.
const TITLE_BUDGET = 70;

/** "Page - Site", or just "Page" when both would not fit the budget. */
export function documentTitle(pageTitle: string, siteTitle: string): string {
  const full = `${pageTitle} - ${siteTitle}`;
  return full.length > TITLE_BUDGET ? pageTitle : full;
}

function groupByScope(feeds: readonly FeedLink[]): [string, FeedLink[]][] {
  const groups = new Map<string, FeedLink[]>();
  for (const feed of feeds) groups.set(feed.scopeTitle, [...(groups.get(feed.scopeTitle) ?? []), feed]);
  return [...groups];
}

/** A complete HTML document; JSX escapes every value, the doctype is the only literal markup. */
export function renderDocument(page: Child) {
  return html`<!DOCTYPE html>${page}`;
}
