import type { Context } from "hono";
import { type SearchHit, searchArticles } from "../db/search-queries";
import { SEARCH_CACHE_TAG } from "../domain/cache-tags";
import type { AppEnv } from "../env";
import { createRouter } from "../env";
import { SEARCH_CACHE_CONTROL, searchFeedDocument, searchFeedPath } from "../feeds/search-document";
import { serveFeedDocument } from "../feeds/serve-document";
import type { FeedFormat } from "../feeds/urls";
import { conditional, strongEtag } from "../lib/conditional";
import { ProblemError, problem } from "../lib/problem";
import { decodeSearchCursor, encodeSearchCursor, type SearchPosition } from "../lib/search-cursor";
import { articleSnippet } from "../lib/search-snippet";
import {
  MAX_QUERY_CHARACTERS,
  MAX_QUERY_TOKENS,
  parseSearchQuery,
  type SearchQuery,
} from "../lib/search-text";
import { sha256Hex } from "../lib/sha256";
import { absoluteUrl } from "../lib/site";
import { searchLabelsFor } from "../render/search-labels";
import { renderSearchPage, type SearchPageProps, searchFeedLinks } from "../render/search-page";
import { pageRenderKey } from "./html-response";

export const SEARCH_PAGE_SIZE = 20;
// Search results are for people, not for search engines' indexes (docs/search.md).
const NOINDEX = "noindex";

type ReadQuery =
  | { kind: "blank" }
  | { kind: "searchable"; q: string; query: SearchQuery }
  | { kind: "invalid"; q: string; problem: "too-long" | "empty" | "too-many-terms" };

/** The reader's q: trimmed, whitespace runs as one space; bounded before it is parsed. */
function readQuery(raw: string | undefined): ReadQuery {
  const q = (raw ?? "").trim().replace(/\s+/g, " ");
  if (q === "") return { kind: "blank" };
  if (q.length > MAX_QUERY_CHARACTERS) return { kind: "invalid", q: "", problem: "too-long" };
  const query = parseSearchQuery(q);
  return typeof query === "string"
    ? { kind: "invalid", q, problem: query }
    : { kind: "searchable", q, query };
}

const searchPath = (q: string, cursor?: string) =>
  `/search?${new URLSearchParams(cursor ? { q, cursor } : { q })}`;

export const searchRoutes = createRouter();

// ── GET /search?q= — ranked results with snippets, keyset paging, noindex ──
searchRoutes.get("/search", async (c) => {
  const { db, site, now } = c.var;
  c.header("x-robots-tag", NOINDEX);
  c.header("cache-tag", SEARCH_CACHE_TAG);
  const labels = searchLabelsFor(site.language);
  const read = readQuery(c.req.query("q"));
  const base: SearchPageProps = {
    site,
    q: read.kind === "blank" ? "" : read.q,
    results: [],
    message: null,
    canonical: absoluteUrl(site, "/search"),
    feeds: [],
    firstHref: null,
    moreHref: null,
  };
  if (read.kind === "blank") {
    c.header("cache-control", SEARCH_CACHE_CONTROL);
    return c.html(renderSearchPage(base));
  }
  if (read.kind === "invalid") {
    const message =
      read.problem === "too-long"
        ? labels.tooLong(MAX_QUERY_CHARACTERS)
        : read.problem === "empty"
          ? labels.noTerms
          : labels.tooManyTerms(MAX_QUERY_TOKENS);
    return c.html(renderSearchPage({ ...base, message }), 400);
  }
  const { q, query } = read;
  const cursorParameter = c.req.query("cursor");
  let after: SearchPosition | null;
  try {
    after = decodeSearchCursor(cursorParameter);
  } catch (err) {
    if (!(err instanceof ProblemError)) throw err;
    return c.html(renderSearchPage({ ...base, message: labels.badCursor, firstHref: searchPath(q) }), 400);
  }
  const { hits: ranked, resume } = await searchArticles(
    db,
    query,
    { kind: "public", now },
    { limit: SEARCH_PAGE_SIZE + 1, after },
  );
  const hits = ranked.slice(0, SEARCH_PAGE_SIZE);
  const canonicalCursor = after ? encodeSearchCursor(after) : undefined;
  const notModified = conditional(
    c,
    {
      etag: strongEtag(
        await pageDigest(ranked),
        `search|${q}|${canonicalCursor ?? ""}|${resume ? encodeSearchCursor(resume) : ""}|${pageRenderKey(site)}`,
      ),
    },
    SEARCH_CACHE_CONTROL,
  );
  if (notModified) return notModified;
  const last = hits.at(-1);
  // A walk that stopped at its window bound says where the next page starts, even on a short page.
  const nextPosition = ranked.length > SEARCH_PAGE_SIZE && last ? last.position : resume;
  const moreHref = nextPosition ? searchPath(q, encodeSearchCursor(nextPosition)) : null;
  const title = labels.resultsFor(q);
  return c.html(
    renderSearchPage({
      ...base,
      results: hits.map((hit) => ({
        article: hit.article,
        snippetHtml: articleSnippet(hit.article, query.highlights),
      })),
      canonical: absoluteUrl(site, searchPath(q, canonicalCursor)),
      feeds: searchFeedLinks(title, (format) => absoluteUrl(site, searchFeedPath(q, format))),
      firstHref: after ? searchPath(q) : null,
      moreHref,
    }),
  );
});

/** What shapes the page's bytes besides the query and templates: each hit's content and rank. */
function pageDigest(ranked: SearchHit[]): Promise<string> {
  const parts = ranked.map((hit) => `${hit.article.id}:${hit.article.writeId}:${hit.tier}:${hit.score}`);
  return sha256Hex(parts.join(",")).then((hex) => hex.slice(0, 24));
}

// ── GET /search/feed.xml|atom.xml|feed.json?q= — a subscribable query ──
const FEEDS: Record<string, FeedFormat> = { "feed.xml": "rss", "atom.xml": "atom", "feed.json": "json" };

searchRoutes.get("/search/:file{feed\\.xml|atom\\.xml|feed\\.json}", (c) =>
  searchFeed(c, FEEDS[c.req.param("file")] ?? "rss"),
);

async function searchFeed(c: Context<AppEnv>, format: FeedFormat) {
  c.header("x-robots-tag", NOINDEX);
  const read = readQuery(c.req.query("q"));
  // A feed of everything is /feed.xml; a feed without a query is a mistake worth saying so.
  if (read.kind !== "searchable") throw queryProblem(read.kind === "blank" ? "blank" : read.problem);
  const { db, site, now } = c.var;
  const document = await searchFeedDocument({ db, site, now }, { q: read.q, query: read.query, format });
  const response = await serveFeedDocument(c, document);
  // serveFeedDocument advertises the site's WebSub hub, which never hears of search results.
  response.headers.set("link", `<${absoluteUrl(site, document.path)}>; rel="self"`);
  return response;
}

function queryProblem(kind: "blank" | "too-long" | "empty" | "too-many-terms") {
  const details = {
    blank: "is required: the words to search for",
    "too-long": `is longer than ${MAX_QUERY_CHARACTERS} characters`,
    empty: "has no letters or digits to search for",
    "too-many-terms": `has more than ${MAX_QUERY_TOKENS} search terms (a Chinese character pair counts as one)`,
  };
  return problem({
    status: 400,
    type: "bad-request",
    title: "Invalid request parameters",
    errors: [{ pointer: "/q", detail: details[kind] }],
    headers: { "x-robots-tag": NOINDEX },
  });
}
