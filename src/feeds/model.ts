import type { ListedArticle } from "../db/article-queries";
import type { ArticleRow, Author, Editor, Image, PrintEdition, Source } from "../domain/article";
import { articleUrl } from "../domain/article-representation";
import type { Scope } from "../domain/scope";
import { encodePageCursor, type Keyset, type PageCursor } from "../lib/cursor";
import type { FeedContent } from "../lib/feed-content";
import { absoluteUrl, type SiteConfig } from "../lib/site";
import { absolutizeHtmlUrls, leadFigureHtml } from "./content-html";
import { memoizedFrame } from "./frame-memo";
import { archiveUrl, FEED_FORMATS, type FeedFormat, feedUrl, scopePath } from "./urls";

/** Bump when the rendered bytes change for the same data: it is part of every feed validator. */
export const FEED_RENDER_VERSION = "3";
export const GENERATOR = { name: "Edge News Feed", version: FEED_RENDER_VERSION };

export type FormatUrls = Record<FeedFormat, string>;

export const FEED_MEDIA_TYPE: Record<FeedFormat, string> = {
  rss: "application/rss+xml",
  atom: "application/atom+xml",
  json: "application/feed+json",
};

/** An instant plus the UTC offset (minutes) to write it in. */
export interface Instant {
  ms: number;
  offsetMinutes: number;
}

// RFC 5005 relations, written in this order by every serializer.
export const LINK_RELATIONS = [
  "first",
  "previous",
  "next",
  "current",
  "prev-archive",
  "next-archive",
] as const;
export type LinkRelation = (typeof LINK_RELATIONS)[number];

export interface FeedDocument {
  /** Permanent identity of the logical feed (all its pages and archives): the subscription Atom URL. */
  id: string;
  title: string;
  description: string;
  language: string;
  homeUrl: string;
  /** This document in each format (rel="self" is the one of the format being written). */
  self: FormatUrls;
  /** The subscription document in each format (JSON feed_url). */
  subscription: FormatUrls;
  links: Partial<Record<LinkRelation, FormatUrls>>;
  /** RFC 5005 archive document (fh:archive). */
  archive: boolean;
  updated: Instant;
  hubUrl: string | null;
  iconUrl: string;
  publisher: { name: string; url: string };
  sectionScheme: string;
  tagScheme: string;
  entries: FeedEntry[];
}

export interface FeedEntry {
  id: string;
  url: string;
  title: string;
  subtitle: string | null;
  summary: string;
  /** null in an excerpt document: readers get the summary and the link. */
  contentHtml: string | null;
  published: Instant;
  updated: Instant;
  /** The article's language when it differs from the feed's, else null. */
  language: string | null;
  authors: Author[];
  editors: Editor[];
  section: string[];
  tags: string[];
  image: (Image & { url: string }) | null;
  source: Source | null;
  printEdition: PrintEdition | null;
}

/** "城市观察报, 2020-12-07, p. 17, 要闻": the print reference in one line, language-neutral. */
export function printCitation(print: PrintEdition, source: Source | null): string {
  const publication = print.publication ?? source?.name;
  return [publication, print.date, `p. ${print.page}`, print.section].filter(Boolean).join(", ");
}

/** Which document of a scope is being rendered. */
export type FeedPaging =
  | {
      kind: "page";
      /** Where this page starts (older or newer than a position), null for the subscription document. */
      cursor: PageCursor | null;
      /** Explicit ?limit=, null for the site default. */
      limit: number | null;
      /** The position the next (older) page is older than. */
      next: Keyset | null;
      /** The position the previous page is the `limit` items just newer than. */
      previous: Keyset | null;
      /** Month whose archive holds the oldest entry of the subscription document. */
      prevArchive: string | null;
    }
  | {
      kind: "archive";
      /** Archive period key (feeds/archive.ts): "2020-12", "2020-12-w2", "2020-12-09", "2020-12-09-p2". */
      period: string;
      prevArchive: string | null;
      nextArchive: string | null;
    };

export type PagePaging = Extract<FeedPaging, { kind: "page" }>;

/**
 * An entry not built yet; feed-bytes.ts builds it only when no encoding of its revision is kept.
 * `revision`: what the entry's bytes are made of besides the site and format: article id, write id
 * (new with every write) and content mode. An entry found encoded while the rows were read carries
 * those bytes instead.
 */
export type PendingEntry =
  | { revision: string; build: () => FeedEntry }
  | { revision: string; encoded: Uint8Array };

/** A document as its own parts (`frame`, whose `entries` is empty) and its entries, unbuilt. */
export interface FeedParts {
  frame: FeedDocument;
  entries: PendingEntry[];
}

export function buildFeedModel(
  articles: readonly ListedArticle[],
  site: SiteConfig,
  scope: Scope,
  paging: FeedPaging,
  lastChanged: number,
  content: FeedContent = site.feedContent,
): FeedDocument {
  return builtModel(buildFeedParts(articles, site, scope, paging, lastChanged, content));
}

/** The parts as one model, every entry built (tests; entries found encoded have no model). */
export function builtModel({ frame, entries }: FeedParts): FeedDocument {
  const built = entries.map((entry) => {
    if (!("build" in entry)) throw new Error(`entry ${entry.revision} came encoded`);
    return entry.build();
  });
  return { ...frame, entries: built };
}

export const entryRevision = (article: Pick<ListedArticle, "id" | "writeId">, content: FeedContent) =>
  `${article.id}:${article.writeId}:${content}`;

export function pendingEntry(article: ListedArticle, site: SiteConfig, content: FeedContent): PendingEntry {
  return { revision: entryRevision(article, content), build: () => toEntry(article, site, content) };
}

export function buildFeedParts(
  articles: readonly ListedArticle[],
  site: SiteConfig,
  scope: Scope,
  paging: FeedPaging,
  lastChanged: number,
  content: FeedContent = site.feedContent,
): FeedParts {
  const frame = buildFeedFrame(site, scope, paging, lastChanged, content);
  return { frame, entries: articles.map((article) => pendingEntry(article, site, content)) };
}

/** The document without its entries; the same object for the same inputs while it is memoized. */
export function buildFeedFrame(
  site: SiteConfig,
  scope: Scope,
  paging: FeedPaging,
  lastChanged: number,
  content: FeedContent,
): FeedDocument {
  const inputs = [scope.kind, scope.key, paging, lastChanged, content];
  return memoizedFrame(site, inputs, () => composeFeedFrame(site, scope, paging, lastChanged, content));
}

function composeFeedFrame(
  site: SiteConfig,
  scope: Scope,
  paging: FeedPaging,
  lastChanged: number,
  content: FeedContent,
): FeedDocument {
  // A reader who asked for the other content keeps it along every link of the document.
  const contentQuery = content === site.feedContent ? null : content;
  const each = (url: (format: FeedFormat) => string): FormatUrls =>
    Object.fromEntries(FEED_FORMATS.map((f) => [f, withContent(url(f), contentQuery)])) as FormatUrls;
  const subscription = each((f) => feedUrl(site, scope, f));
  const page = (cursor: PageCursor | null, limit: number | null) =>
    each((f) => pageUrl(feedUrl(site, scope, f), cursor, limit));
  const archive = (period: string) => each((f) => archiveUrl(site, scope, period, f));

  const links: FeedDocument["links"] = {};
  let self: FormatUrls;
  if (paging.kind === "page") {
    self = page(paging.cursor, paging.limit);
    links.first = page(null, paging.limit);
    if (paging.previous) links.previous = page({ after: paging.previous }, paging.limit);
    if (paging.next) links.next = page({ before: paging.next }, paging.limit);
    if (paging.prevArchive) links["prev-archive"] = archive(paging.prevArchive);
  } else {
    self = archive(paging.period);
    links.current = subscription;
    if (paging.prevArchive) links["prev-archive"] = archive(paging.prevArchive);
    if (paging.nextArchive) links["next-archive"] = archive(paging.nextArchive);
  }

  return {
    id: feedUrl(site, scope, "atom"),
    title: scope.kind === "site" ? site.title : `${scopeLabel(scope)} – ${site.title}`,
    description: site.description || site.title,
    language: site.language,
    homeUrl: absoluteUrl(site, scopePath(scope)),
    self,
    subscription,
    links,
    archive: paging.kind === "archive",
    updated: { ms: lastChanged, offsetMinutes: site.defaultOffsetMinutes },
    hubUrl: site.websubHubUrl,
    iconUrl: absoluteUrl(site, "/favicon.svg"),
    publisher: { name: site.title, url: absoluteUrl(site, "/") },
    sectionScheme: absoluteUrl(site, "/section/"),
    tagScheme: absoluteUrl(site, "/tag/"),
    entries: [],
  };
}

function withContent(url: string, content: FeedContent | null): string {
  if (content === null) return url;
  const withQuery = new URL(url);
  withQuery.searchParams.set("content", content);
  return withQuery.toString();
}

function pageUrl(base: string, cursor: PageCursor | null, limit: number | null): string {
  const url = new URL(base);
  if (cursor) url.searchParams.set("cursor", encodePageCursor(cursor));
  if (limit !== null) url.searchParams.set("limit", String(limit));
  return url.toString();
}

export function scopeLabel(scope: Scope): string {
  switch (scope.kind) {
    case "site":
      return "";
    case "section":
      return scope.key.split("/").join(" › ");
    case "tag":
      return `#${scope.key}`;
    case "author":
      return scope.key;
  }
}

export function toEntry(article: ListedArticle, site: SiteConfig, content: FeedContent = "full"): FeedEntry {
  const url = articleUrl(site, article);
  const offsetMinutes = article.publishedOffset ?? site.defaultOffsetMinutes;
  const publishedMs = article.publishedAt ?? article.createdAt;
  const updatedMs = entryUpdatedAt(article);
  const image = article.image ? { ...article.image, url: absoluteUrl(site, article.image.url) } : null;

  const absolute = (link: string | undefined) => (link ? absoluteUrl(site, link) : undefined);
  return {
    id: article.guid,
    url,
    title: article.title,
    subtitle: article.subtitle,
    summary: article.summary,
    contentHtml: content === "excerpt" ? null : contentHtml(article, url, image),
    published: { ms: publishedMs, offsetMinutes },
    updated: { ms: updatedMs, offsetMinutes },
    language: sameLanguage(article.language, site.language) ? null : article.language,
    authors: article.authors.map((a) => withoutUndefined({ ...a, url: absolute(a.url) })),
    editors: article.editors,
    section: article.section,
    tags: article.tags,
    image,
    source: article.source
      ? withoutUndefined({ ...article.source, url: absolute(article.source.url) })
      : null,
    printEdition: article.printEdition,
  };
}

function contentHtml(article: ListedArticle, url: string, image: FeedEntry["image"]): string {
  const body = absolutizeHtmlUrls(article.bodyHtml, url);
  return image ? leadFigureHtml(image, image.url) + body : body;
}

/** What readers saw change last; never before publication (backdated imports are "updated" on import). */
export function entryUpdatedAt(
  article: Pick<ArticleRow, "publishedAt" | "createdAt" | "publicChangedAt" | "updatedAt">,
): number {
  return Math.max(article.publishedAt ?? article.createdAt, article.publicChangedAt ?? article.updatedAt);
}

function sameLanguage(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
