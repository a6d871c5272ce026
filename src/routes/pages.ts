import type { Context } from "hono";
import { findPublicArticleById } from "../db/article-queries";
import { validatorTtl } from "../db/isolate-cache";
import { listingHeadCacheBytes, listingPageExists, listPublicCards } from "../db/listing-heads";
import { type ArticleState, articleStateBySlug, memoizedScopeState } from "../db/page-validators";
import { isPubliclyVisible } from "../domain/article";
import { articlePath } from "../domain/article-representation";
import { cacheTagHeader, scopeCacheTag, slugCacheTag } from "../domain/cache-tags";
import { normalizeName } from "../domain/names";
import { type Scope, SITE_SCOPE } from "../domain/scope";
import { type AppEnv, createRouter } from "../env";
import { decodeNameSegment, decodeNameSegments, FEED_FILE, scopePath } from "../feeds/urls";
import { clientIsCurrent, strongEtag } from "../lib/conditional";
import { decodeCursor, encodeCursor, type Keyset } from "../lib/cursor";
import { indieauthMetadataLink } from "../lib/indieauth-paths";
import { problem } from "../lib/problem";
import { absoluteUrl } from "../lib/site";
import { renderArticlePage } from "../render/article-page";
import { serveCachedDocument } from "../render/cached-document";
import { renderListingPage } from "../render/listing-page";
import { redirectToCanonical, requestPathname } from "./canonical-path";
import { errorPage, HTML_TYPE, htmlText, PAGE_CACHE_CONTROL, pageRenderKey } from "./html-response";

export const LISTING_PAGE_SIZE = 20;
const FEED_FILES = new Set(Object.values(FEED_FILE));

export const pageRoutes = createRouter();

/**
 * A page's ETag: the article's identity and version (every write bumps it, as it renews write_id,
 * which stays internal), and everything else that shapes its bytes.
 */
export function articlePageEtag(state: Pick<ArticleState, "id" | "version">, renderKey: string): string {
  return strongEtag(state.version, `article|${state.id}|${renderKey}`);
}

/** The article changed between its validator and its row: the answer is retried on fresh state. */
class ArticleMoved extends Error {}
/** A later listing page holds no article. */
class EmptyPage extends Error {}

// ── GET /articles/:slug — one article; old slugs redirect, deleted ones are gone ──
pageRoutes.get("/articles/:slug", async (c) => {
  try {
    return await articlePage(c, validatorTtl(c.env, c.get("bypassValidatorMemo")));
  } catch (err) {
    if (!(err instanceof ArticleMoved)) {
      tagSlug(c);
      throw err;
    }
  }
  try {
    return await articlePage(c, 0);
  } catch (err) {
    tagSlug(c);
    if (!(err instanceof ArticleMoved)) throw err;
    throw problem({
      status: 503,
      title: "Article changed while it was read",
      headers: { "retry-after": "1" },
    });
  }
});

/**
 * Cache-Tag of the requested slug on every answer that is not the page itself (404, 410, 301, errors):
 * a schedule coming due or a restore must purge those too. The page sets it in its own header set.
 */
function slugTag(c: Context<AppEnv>): string {
  return slugCacheTag(normalizeName(c.req.param("slug") ?? ""));
}

function tagSlug(c: Context<AppEnv>): Context<AppEnv> {
  c.header("cache-tag", slugTag(c));
  return c;
}

async function articlePage(c: Context<AppEnv>, validatorTtlMs: number) {
  // c.get, not c.var: hono builds a new object of every variable on each c.var.
  const db = c.get("db");
  const site = c.get("site");
  const now = c.get("now");
  const slug = c.req.param("slug") ?? "";
  const state = await articleStateBySlug(db, slug, now, validatorTtlMs);
  // Drafts, future schedules and deleted-before-publication articles were never public: plain 404.
  if (!state || !isPubliclyVisible({ ...state, deletedAt: null }, now)) {
    return errorPage(tagSlug(c), "not-found", 404);
  }
  if (state.deletedAt !== null) return errorPage(tagSlug(c), "gone", 410);
  if (state.slug !== normalizeName(slug)) {
    tagSlug(c).header("cache-control", "public, max-age=3600");
    return c.redirect(absoluteUrl(site, articlePath(state)), 301);
  }
  const respelled = redirectToCanonical(c, articlePath(state));
  if (respelled) {
    respelled.headers.set("cache-tag", slugTag(c));
    return respelled;
  }
  return serveCachedDocument(c, {
    path: articlePath(state),
    etag: articlePageEtag(state, pageRenderKey(site)),
    lastModified: Math.max(state.updatedAt, state.publishedAt ?? 0),
    cacheControl: PAGE_CACHE_CONTROL,
    contentType: HTML_TYPE,
    tags: [slugCacheTag(state.slug)],
    // The only header set above is this same Cache-Tag (state.slug is the requested slug here).
    ownsHeaders: true,
    render: async () => {
      const article = await findPublicArticleById(db, state.id);
      // Bytes of another write must never be stored under this write's key.
      if (!article || article.version !== state.version) throw new ArticleMoved();
      return htmlText(renderArticlePage(article, site));
    },
  });
}

// ── Listings: home, section, tag, author; keyset-paginated with ?cursor= ──
pageRoutes.get("/", async (c) => {
  const res = await listing(c, SITE_SCOPE);
  // The profile URL (IndieAuth `me`) names its authorization server.
  res.headers.append("link", indieauthMetadataLink(c.get("site").url));
  return res;
});

pageRoutes.get("/section/*", (c, next) => {
  const segments = requestPathname(c.req.url).slice("/section/".length).split("/");
  // /section/…/feed.xml and friends belong to the feed routes.
  if (FEED_FILES.has(segments.at(-1) ?? "")) return next();
  const levels = decodeNameSegments(segments);
  if (!levels || levels.some((level) => level.includes("/"))) return errorPage(c, "not-found", 404);
  return listing(c, { kind: "section", key: levels.join("/") });
});

// Names are read from the raw path: Hono's param decoding would turn a name's "%2541" into "A".
pageRoutes.get("/tag/:tag", (c) => nameListing(c, "tag"));

pageRoutes.get("/author/:name", (c) => nameListing(c, "author"));

function nameListing(c: Context<AppEnv>, kind: "tag" | "author") {
  const key = decodeNameSegment(requestPathname(c.req.url).slice(kind.length + 2));
  return key === null ? errorPage(c, "not-found", 404) : listing(c, { kind, key });
}

async function listing(c: Context<AppEnv>, scope: Scope) {
  let before: Keyset | null;
  try {
    before = decodeCursor(c.req.query("cursor"));
  } catch {
    return errorPage(c, "bad-request", 400);
  }
  const path = scopePath(scope);
  const tags = [scopeCacheTag(scope)];
  // Cache-Tag on every answer, the 404s and 301s too; the page sets it in its own header set.
  const tagged = () => {
    c.header("cache-tag", cacheTagHeader(tags));
    return c;
  };
  const respelled = redirectToCanonical(c, path);
  if (respelled) {
    respelled.headers.set("cache-tag", cacheTagHeader(tags));
    return respelled;
  }
  try {
    return await listingPage(c, scope, before, path, tags, tagged);
  } catch (err) {
    tagged();
    if (err instanceof EmptyPage) return errorPage(c, "not-found", 404);
    throw err;
  }
}

async function listingPage(
  c: Context<AppEnv>,
  scope: Scope,
  before: Keyset | null,
  path: string,
  tags: string[],
  tagged: () => Context<AppEnv>,
) {
  const db = c.get("db");
  const site = c.get("site");
  const now = c.get("now");
  // The scope's last public change covers additions, edits, removals and schedules coming due.
  const state = await memoizedScopeState(db, scope, now, validatorTtl(c.env, c.get("bypassValidatorMemo")));
  // 404 before 304: a page that does not exist has no representation a client could hold.
  if (!state.listsArticles && scope.kind !== "site") return errorPage(tagged(), "not-found", 404);
  const changed = state.changed ?? 0;
  const canonicalCursor = before ? encodeCursor(before) : "";
  const pagePath = before ? `${path}?cursor=${encodeURIComponent(canonicalCursor)}` : path;
  const etag = strongEtag(changed, `${scope.kind}|${scope.key}|${canonicalCursor}|${pageRenderKey(site)}`);
  // A client holding this very ETag saw the page exist at this validator, so it still does; a
  // wildcard or a date proves nothing, and a page past the end must answer 404, not 304. Any other
  // request renders (its render 404s an empty page) or gets a document rendered at this validator.
  const lastModified = changed || null;
  if (before && !holdsEtag(c, etag) && clientIsCurrent(c.req.raw.headers, { etag, lastModified })) {
    if (!(await listingPageExists(db, scope, { now, before }))) return errorPage(tagged(), "not-found", 404);
  }
  return serveCachedDocument(c, {
    path: pagePath,
    etag,
    lastModified,
    cacheControl: PAGE_CACHE_CONTROL,
    contentType: HTML_TYPE,
    tags,
    // No header is set above: Cache-Tag comes with the header set.
    ownsHeaders: true,
    render: async () => {
      const page = { now, limit: LISTING_PAGE_SIZE, before };
      const { cards: articles, older } = await listPublicCards(db, scope, page, listingHeadCacheBytes(c.env));
      // A later page can be empty while its scope is not, so only its rows tell whether it exists.
      if (articles.length === 0 && (before || scope.kind !== "site")) throw new EmptyPage();
      const last = articles.at(-1);
      const olderHref =
        older && last
          ? `${path}?cursor=${encodeURIComponent(encodeCursor({ at: last.publishedAt ?? 0, id: last.id }))}`
          : null;
      const canonical = absoluteUrl(site, pagePath);
      return htmlText(
        renderListingPage({ site, scope, articles, canonical, firstHref: before ? path : null, olderHref }),
      );
    },
  });
}

function holdsEtag(c: Context<AppEnv>, etag: string): boolean {
  const header = c.req.header("if-none-match") ?? "";
  return header.split(",").some((candidate) => candidate.trim().replace(/^W\//, "") === etag);
}
