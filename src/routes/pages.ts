import type { Context } from "hono";
import { findArticleBySlug, listPublicPage, scopeState } from "../db/article-queries";
import { isPubliclyVisible } from "../domain/article";
import { articlePath } from "../domain/article-representation";
import { type Scope, SITE_SCOPE } from "../domain/scope";
import { type AppEnv, createRouter } from "../env";
import { decodeNameSegment, decodeNameSegments, FEED_FILE, scopePath } from "../feeds/urls";
import { conditional, strongEtag } from "../lib/conditional";
import { decodeCursor, encodeCursor, type Keyset } from "../lib/cursor";
import { indieauthMetadataLink } from "../lib/indieauth-paths";
import { absoluteUrl } from "../lib/site";
import { renderArticlePage } from "../render/article-page";
import { renderListingPage } from "../render/listing-page";
import { redirectToCanonical } from "./canonical-path";
import { errorPage, PAGE_CACHE_CONTROL, renderKey } from "./html-response";

export const LISTING_PAGE_SIZE = 20;
const FEED_FILES = new Set(Object.values(FEED_FILE));

export const pageRoutes = createRouter();

// ── GET /articles/:slug — one article; old slugs redirect, deleted ones are gone ──
pageRoutes.get("/articles/:slug", async (c) => {
  const { db, site, now } = c.var;
  const found = await findArticleBySlug(db, c.req.param("slug"));
  // Drafts, future schedules and deleted-before-publication articles were never public: plain 404.
  if (!found || !isPubliclyVisible({ ...found.article, deletedAt: null }, now)) {
    return errorPage(c, "not-found", 404);
  }
  const { article, redirected } = found;
  if (article.deletedAt !== null) return errorPage(c, "gone", 410);
  if (redirected) {
    c.header("cache-control", "public, max-age=3600");
    return c.redirect(absoluteUrl(site, articlePath(article)), 301);
  }
  const respelled = redirectToCanonical(c, articlePath(article));
  if (respelled) return respelled;
  const notModified = conditional(
    c,
    {
      etag: strongEtag(article.version, `article|${article.id}|${renderKey(site)}`),
      lastModified: Math.max(article.updatedAt, article.publishedAt ?? 0),
    },
    PAGE_CACHE_CONTROL,
  );
  return notModified ?? c.html(renderArticlePage(article, site));
});

// ── Listings: home, section, tag, author; keyset-paginated with ?cursor= ──
pageRoutes.get("/", async (c) => {
  const res = await listing(c, SITE_SCOPE);
  // The profile URL (IndieAuth `me`) names its authorization server.
  res.headers.append("link", indieauthMetadataLink(c.var.site.url));
  return res;
});

pageRoutes.get("/section/*", (c, next) => {
  const segments = new URL(c.req.url).pathname.slice("/section/".length).split("/");
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
  const key = decodeNameSegment(new URL(c.req.url).pathname.slice(kind.length + 2));
  return key === null ? errorPage(c, "not-found", 404) : listing(c, { kind, key });
}

async function listing(c: Context<AppEnv>, scope: Scope) {
  const { db, site, now } = c.var;
  const cursor = c.req.query("cursor");
  let before: Keyset | null;
  try {
    before = decodeCursor(cursor);
  } catch {
    return errorPage(c, "bad-request", 400);
  }
  const path = scopePath(scope);
  const respelled = redirectToCanonical(c, path);
  if (respelled) return respelled;
  // The scope's last public change covers additions, edits and removals: checked before listing.
  const state = await scopeState(db, scope, now);
  // 404 before 304: a page that does not exist has no representation a client could hold.
  if (!state.listsArticles && scope.kind !== "site") return errorPage(c, "not-found", 404);
  const changed = state.changed ?? 0;
  // A later page can be empty while its scope is not, so only its rows tell whether it exists.
  const rows = before ? await listPage(c, scope, before) : null;
  if (rows?.length === 0) return errorPage(c, "not-found", 404);
  const canonicalCursor = before ? encodeCursor(before) : "";
  const notModified = conditional(
    c,
    {
      etag: strongEtag(changed, `${scope.kind}|${scope.key}|${canonicalCursor}|${renderKey(site)}`),
      lastModified: changed || null,
    },
    PAGE_CACHE_CONTROL,
  );
  if (notModified) return notModified;

  const listed = rows ?? (await listPage(c, scope, null));
  const articles = listed.slice(0, LISTING_PAGE_SIZE);
  if (articles.length === 0 && scope.kind !== "site") return errorPage(c, "not-found", 404);

  const last = articles.at(-1);
  const olderHref =
    listed.length > LISTING_PAGE_SIZE && last
      ? `${path}?cursor=${encodeURIComponent(encodeCursor({ at: last.publishedAt ?? 0, id: last.id }))}`
      : null;
  const canonical = absoluteUrl(
    site,
    before ? `${path}?cursor=${encodeURIComponent(canonicalCursor)}` : path,
  );
  return c.html(
    renderListingPage({ site, scope, articles, canonical, firstHref: before ? path : null, olderHref }),
  );
}

function listPage(c: Context<AppEnv>, scope: Scope, before: Keyset | null) {
  return listPublicPage(c.var.db, scope, { now: c.var.now, limit: LISTING_PAGE_SIZE + 1, before });
}
