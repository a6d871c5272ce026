import type { EditorListFilter } from "../../db/article-queries";
import type { Db } from "../../db/client";
import { type SearchAudience, searchArticles } from "../../db/search-queries";
import { toApiArticle } from "../../domain/article-representation";
import { SEARCH_CACHE_TAG } from "../../domain/cache-tags";
import type { Scope } from "../../domain/scope";
import { hasScope } from "../../domain/token-scope";
import { createRouter } from "../../env";
import { problem } from "../../lib/problem";
import { decodeSearchCursor, encodeSearchCursor } from "../../lib/search-cursor";
import { articleSnippet } from "../../lib/search-snippet";
import { MAX_QUERY_TOKENS, parseSearchQuery } from "../../lib/search-text";
import type { SiteConfig } from "../../lib/site";
import { parseRfc3339 } from "../../lib/time";
import { validate } from "../../lib/validate";
import { siteRequestUrl } from "./article-views";
import { assertNoEditorFilters, listQuery, scopeFromQuery } from "./articles-read";

export interface SearchRequest {
  db: Db;
  site: SiteConfig;
  /** The request's URL on SITE_URL, for the `next` link. */
  requestUrl: string;
  q: string;
  cursor: string | undefined;
  limit: number;
  audience: { kind: "public"; now: number; scope?: Scope; updatedSince?: number } | EditorAudience;
}

type EditorAudience = { kind: "editor"; filter: EditorListFilter };

/** `GET /api/v1/articles?q=`: a ranked page of hits, each with its `search` part (docs/search.md). */
export async function searchAnswer(request: SearchRequest) {
  const query = parseSearchQuery(request.q);
  if (typeof query === "string") {
    const detail =
      query === "empty"
        ? "has no letters or digits to search for"
        : `has more than ${MAX_QUERY_TOKENS} search terms (a Chinese character pair counts as one)`;
    throw problem({
      status: 400,
      type: "bad-request",
      title: "Invalid request parameters",
      errors: [{ pointer: "/q", detail }],
    });
  }
  const after = decodeSearchCursor(request.cursor);
  const audience: SearchAudience = request.audience;
  const { hits, resume } = await searchArticles(request.db, query, audience, { limit: request.limit, after });
  const last = hits.at(-1);
  const nextPosition = hits.length === request.limit && last ? last.position : resume;
  const nextCursor = nextPosition ? encodeSearchCursor(nextPosition) : null;
  let next: string | null = null;
  if (nextCursor) {
    const url = new URL(request.requestUrl);
    url.searchParams.set("cursor", nextCursor);
    next = url.toString();
  }
  const view = audience.kind === "editor" ? "editor" : "public";
  return {
    items: hits.map((hit) => ({
      ...toApiArticle(hit.article, request.site, view),
      search: {
        score: hit.score,
        phrase: hit.tier === 1,
        snippet: articleSnippet(hit.article, query.highlights),
      },
    })),
    nextCursor,
    next,
  };
}

/**
 * `GET /api/v1/articles?q=`, mounted after articlesRead (which hands `q` on, with the token already read):
 * an editor-side route, so a split deployment's read Worker forwards searches (docs/scaling.md).
 */
export const articlesSearch = createRouter();

articlesSearch.get("/", validate("query", listQuery), async (c, next) => {
  const query = c.req.valid("query");
  if (query.q === undefined) return next();
  const { db, site, now } = c.var;
  const scope = scopeFromQuery(query);
  const updatedSince = query.updatedSince ? (parseRfc3339(query.updatedSince)?.ms ?? 0) : undefined;
  const request = (audience: SearchRequest["audience"]): SearchRequest => ({
    db,
    site,
    requestUrl: siteRequestUrl(c.req.url, site.url),
    q: query.q ?? "",
    cursor: query.cursor,
    limit: query.limit,
    audience,
  });
  c.header("vary", "Authorization");
  if (hasScope(c.var.token, "drafts:read")) {
    const filter = { status: query.status, deleted: query.deleted, scope, updatedSince };
    c.header("cache-control", "private, no-store");
    return c.json(await searchAnswer(request({ kind: "editor", filter })));
  }
  assertNoEditorFilters(query);
  c.header("cache-control", "public, max-age=60");
  c.header("cache-tag", SEARCH_CACHE_TAG);
  return c.json(await searchAnswer(request({ kind: "public", now, scope, updatedSince })));
});
