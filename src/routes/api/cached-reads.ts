import type { Context } from "hono";
import { findPublicArticleById, scopeLastChanged } from "../../db/article-queries";
import { memoizedValidator, validatorTtl } from "../../db/isolate-cache";
import { articleStateById, articleStateBySlug, lastPublicChange } from "../../db/page-validators";
import { isPubliclyVisible, type PublicArticleRow } from "../../domain/article";
import { articleCacheTag, scopeCacheTag } from "../../domain/cache-tags";
import { type Scope, SITE_SCOPE } from "../../domain/scope";
import type { AppEnv } from "../../env";
import { strongEtag } from "../../lib/conditional";
import { serveCachedDocument } from "../../render/cached-document";
import { pageRenderKey } from "../html-response";

// The anonymous JSON API read like a feed: a validator from one memoized query before anything is
// listed, 304s, and the body in the isolate LRU and caches.default keyed by it. Only requests
// without credentials come here, and only with parameters whose meaning the validator covers: a
// parameter added later is served uncached until it is listed here with its validator.

const API_LIST_CACHE_CONTROL = "public, max-age=60";
const JSON_TYPE = "application/json";
// The route sets it too; a one-piece answer (CachedDocument.ownsHeaders) takes it from here.
const API_VARY = { vary: "Authorization" };
// `content` is part of the path, hence of the ETag and the cache key.
const LISTING_PARAMETERS = new Set(["limit", "cursor", "section", "tag", "author", "content"]);
// A scope's delta is a subset of the site's changes, so the site-wide validator covers it.
const DELTA_PARAMETERS = new Set(["limit", "cursor", "updatedSince", "section", "tag", "author", "content"]);

function anonymousWith(c: Context<AppEnv>, allowed: Set<string>): boolean {
  if (c.req.header("authorization") !== undefined) return false;
  return [...new URL(c.req.url).searchParams.keys()].every((name) => allowed.has(name));
}

/** The request's own path and query: `next` links echo the query as sent, so it is part of the bytes. */
function requestPath(c: Context<AppEnv>): string {
  const { pathname, search } = new URL(c.req.url);
  return `${pathname}${search}`;
}

function serveJson(
  c: Context<AppEnv>,
  validator: number | string,
  scope: Scope,
  render: () => Promise<string | Uint8Array>,
  ownsHeaders = false,
) {
  const path = requestPath(c);
  return serveCachedDocument(c, {
    path,
    etag: strongEtag(validator, `api|${path}|${pageRenderKey(c.var.site)}`),
    lastModified: null,
    cacheControl: API_LIST_CACHE_CONTROL,
    contentType: JSON_TYPE,
    tags: [scopeCacheTag(scope)],
    render,
    headers: API_VARY,
    ownsHeaders,
  });
}

/**
 * A public listing page (`GET /api/v1/articles[?section|tag|author]`): the scope's validator.
 * `render` answers a request with credentials; `renderBytes` (the same bytes, from encoded items)
 * only anonymous ones. The caller has set no header but Vary and Cache-Control, which come here too.
 */
export async function servePublicListing(
  c: Context<AppEnv>,
  scope: Scope,
  render: () => Promise<unknown>,
  renderBytes: () => Promise<Uint8Array>,
): Promise<Response> {
  if (!anonymousWith(c, LISTING_PARAMETERS)) return c.json(await render());
  // The same memo entry as the scope's feeds.
  return serveJson(c, await scopeChanged(c, scope), scope, renderBytes, true);
}

function scopeChanged(c: Context<AppEnv>, scope: Scope): Promise<number> {
  const { db, now } = c.var;
  // The same memo entry as the scope's feeds.
  return memoizedValidator(
    `${scope.kind}\u0000${scope.key}`,
    now,
    validatorTtl(c.env, c.var.bypassValidatorMemo),
    () => scopeLastChanged(db, scope, now),
  ).then((changed) => changed ?? 0);
}

/** A delta poll (`?updatedSince=`): every public change of any article moves its validator. */
export async function servePublicChanges(
  c: Context<AppEnv>,
  render: () => Promise<unknown>,
): Promise<Response> {
  if (!anonymousWith(c, DELTA_PARAMETERS)) return c.json(await render());
  const { db, now } = c.var;
  const [changed, published] = await Promise.all([
    lastPublicChange(db, now, validatorTtl(c.env, c.var.bypassValidatorMemo)),
    // A rescheduled article reappears when its time comes, with no change recorded then.
    scopeChanged(c, SITE_SCOPE),
  ]);
  // A delta poll of a section, tag or author still lists from the site's changes: the site tag.
  return serveJson(c, `${changed.toString(36)}.${published.toString(36)}`, SITE_SCOPE, async () =>
    JSON.stringify(await render()),
  );
}

/** The article changed between its validator and its row. */
class ArticleMoved extends Error {}

/**
 * One public article (`GET /api/v1/articles/{id|slug}`) for an anonymous reader: visibility and
 * validator from the memoized state, the row only on a miss. Null whenever the caller's own
 * uncached path must answer: credentials, a query string, anything but a visible article (its
 * 404/410 stay there), or an article that changed while it was read.
 */
export async function servePublicArticle(
  c: Context<AppEnv>,
  idOrSlug: string,
  render: (article: PublicArticleRow) => unknown,
): Promise<Response | null> {
  if (c.req.header("authorization") !== undefined || new URL(c.req.url).search !== "") return null;
  const { db, site, now } = c.var;
  const ttl = validatorTtl(c.env, c.var.bypassValidatorMemo);
  const state = /^\d{1,15}$/.test(idOrSlug)
    ? await articleStateById(db, Number(idOrSlug), now, ttl)
    : await articleStateBySlug(db, idOrSlug, now, ttl);
  if (!state || !isPubliclyVisible(state, now)) return null;
  try {
    return await serveCachedDocument(c, {
      path: new URL(c.req.url).pathname,
      // Not the editors' `"a<id>-v<version>"`: the public bytes also move with the site and templates.
      etag: strongEtag(state.version, `api-article|${state.id}|${pageRenderKey(site)}`),
      lastModified: state.updatedAt,
      cacheControl: API_LIST_CACHE_CONTROL,
      contentType: JSON_TYPE,
      tags: [articleCacheTag(state.id)],
      render: async () => {
        const article = await findPublicArticleById(db, state.id);
        // Bytes of a later write (perhaps an unpublishing) must never be stored under this one's key.
        if (!article || article.version !== state.version) throw new ArticleMoved();
        return JSON.stringify(render(article));
      },
    });
  } catch (err) {
    if (err instanceof ArticleMoved) return null;
    throw err;
  }
}
