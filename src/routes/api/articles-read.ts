import * as z from "zod/mini";
import { assertScope, optionalToken, requireToken } from "../../auth/middleware";
import { findArticleByIdOrSlug, listForEditors, listPublicPage } from "../../db/article-queries";
import { listPublicChanges, listPublicScopeChanges } from "../../db/delta-queries";
import { findRevision } from "../../db/revision-history";
import { ARTICLE_STATUSES, isPubliclyVisible } from "../../domain/article";
import { articleEtag, toApiArticle } from "../../domain/article-representation";
import { articleCacheTag, slugCacheTag } from "../../domain/cache-tags";
import { normalizeName } from "../../domain/names";
import { type Scope, SITE_SCOPE } from "../../domain/scope";
import { hasScope } from "../../domain/token-scope";
import { createRouter } from "../../env";
import { decodeCursor } from "../../lib/cursor";
import { FEED_CONTENTS, parseContentQuery } from "../../lib/feed-content";
import { problem } from "../../lib/problem";
import { MAX_QUERY_CHARACTERS } from "../../lib/search-text";
import { stripXmlInvalid } from "../../lib/text";
import { formatRfc3339, parseRfc3339 } from "../../lib/time";
import { validate } from "../../lib/validate";
import { changeView, page, publicView, siteRequestUrl } from "./article-views";
import { servePublicArticle, servePublicChanges, servePublicListing } from "./cached-reads";
import { publicListBytes } from "./public-list";

export const DEFAULT_API_LIMIT = 20;
export const MAX_API_LIMIT = 100;

// Stored names never hold characters XML cannot carry, so a filter with one is a malformed request.
const filterText = (max: number) =>
  z.string().check(
    z.minLength(1),
    z.maxLength(max),
    z.refine((s) => stripXmlInvalid(s) === s, { message: "must not contain control characters" }),
  );

export const listQuery = z.strictObject({
  q: z
    .optional(z.string().check(z.maxLength(MAX_QUERY_CHARACTERS)))
    .check(
      z.describe(
        "Full-text search (docs/search.md): ranked hits, each with a `search` part; `cursor` pages on.",
      ),
    ),
  limit: z._default(
    z.coerce.number().check(z.int(), z.minimum(1), z.maximum(MAX_API_LIMIT)),
    DEFAULT_API_LIMIT,
  ),
  cursor: z.optional(z.string().check(z.maxLength(200))),
  status: z.optional(z.enum(ARTICLE_STATUSES)),
  deleted: z.optional(z.enum(["exclude", "include", "only"])),
  section: z.optional(filterText(800)),
  tag: z.optional(filterText(100)),
  author: z.optional(filterText(200)),
  updatedSince: z.optional(
    z.string().check(
      z.maxLength(40),
      z.refine((v) => parseRfc3339(v) !== null, { message: "must be an RFC 3339 date-time with an offset" }),
    ),
  ),
  content: z.optional(z.enum(FEED_CONTENTS)),
});

const PUBLIC_ANSWER = { vary: "Authorization", "cache-control": "public, max-age=60" };
const PRIVATE_ANSWER = { vary: "Authorization", "cache-control": "private, no-store" };

export const articlesRead = createRouter();

articlesRead.get("*", optionalToken);

// ── GET /api/v1/articles — public list, delta polling, or the editors' view with drafts:read ──
// `q` is answered by articlesSearch (./articles-search.ts), an editor-side route: its fold table and
// ranking stay out of the read Worker, which forwards such requests (docs/scaling.md "Read/editor split").
articlesRead.get("/", validate("query", listQuery), async (c, next) => {
  const query = c.req.valid("query");
  if (query.q !== undefined) return next();
  const { db, site, now } = c.var;
  const editor = hasScope(c.var.token, "drafts:read");
  const scope = scopeFromQuery(query);
  const since = query.updatedSince ? (parseRfc3339(query.updatedSince)?.ms ?? 0) : undefined;
  const position = decodeCursor(query.cursor);
  const content = query.content ?? site.feedContent;
  c.header("vary", "Authorization");

  if (editor) {
    const rows = await listForEditors(
      db,
      { status: query.status, deleted: query.deleted, scope, updatedSince: since },
      { limit: query.limit, before: position },
    );
    c.header("cache-control", "private, no-store");
    return c.json(
      page(
        siteRequestUrl(c.req.url, site.url),
        rows,
        query.limit,
        (r) => ({ at: r.updatedAt, id: r.id }),
        (r) => toApiArticle(r, site, "editor"),
      ),
    );
  }

  assertNoEditorFilters(query);
  c.header("cache-control", "public, max-age=60");

  if (since !== undefined) {
    return servePublicChanges(c, async () => {
      const window = { since, now, limit: query.limit, after: position };
      const changes = scope
        ? await listPublicScopeChanges(db, scope, window)
        : (await listPublicChanges(db, window)).map((article) => ({ article, inScope: true }));
      const rows = changes.map((change) => change.article);
      const inScope = new Map(changes.map((change) => [change.article.id, change.inScope]));
      return {
        ...page(
          siteRequestUrl(c.req.url, site.url),
          rows,
          query.limit,
          (r) => ({ at: r.publicChangedAt ?? 0, id: r.id }),
          (r) => changeView(r, now, site, content, inScope.get(r.id) ?? false),
        ),
        // Poll again with updatedSince = this value once nextCursor is null.
        nextUpdatedSince: formatRfc3339(rows.at(-1)?.publicChangedAt ?? since),
      };
    });
  }

  const listed = scope ?? SITE_SCOPE;
  return servePublicListing(
    c,
    listed,
    async () => {
      const rows = await listPublicPage(db, listed, { now, limit: query.limit, before: position });
      return page(
        siteRequestUrl(c.req.url, site.url),
        rows,
        query.limit,
        (r) => ({ at: r.publishedAt ?? 0, id: r.id }),
        (r) => publicView(r, site, content),
      );
    },
    () => publicListBytes(c, listed, { limit: query.limit, before: position, content }),
  );
});

/** Also on a 404 or 410: a schedule coming due or a restore purges those answers too. */
function itemCacheTag(idOrSlug: string): string {
  return /^\d{1,15}$/.test(idOrSlug)
    ? articleCacheTag(Number(idOrSlug))
    : slugCacheTag(normalizeName(idOrSlug));
}

// ── GET /api/v1/articles/:idOrSlug ──
articlesRead.get("/:idOrSlug", async (c) => {
  const { db, site, now } = c.var;
  const content = parseContentQuery(c.req.query("content")) ?? site.feedContent;
  c.header("vary", "Authorization");
  c.header("cache-tag", itemCacheTag(c.req.param("idOrSlug")));
  const cached = await servePublicArticle(c, c.req.param("idOrSlug"), (a) => publicView(a, site, content));
  if (cached) return cached;
  const found = await findArticleByIdOrSlug(db, c.req.param("idOrSlug"));
  const editor = hasScope(c.var.token, "drafts:read");
  // The answer differs between readers and editors, so every status says so to caches.
  const cacheHeaders = editor ? PRIVATE_ANSWER : PUBLIC_ANSWER;
  if (!found || (!editor && !isPubliclyVisible({ ...found.article, deletedAt: null }, now))) {
    throw notFound(cacheHeaders);
  }
  const { article } = found;
  if (!editor && article.deletedAt !== null) {
    throw problem({
      status: 410,
      type: "gone",
      title: "Article deleted",
      detail: `Article ${article.id} was deleted.`,
      headers: cacheHeaders,
    });
  }
  c.header("etag", articleEtag(article));
  c.header("last-modified", new Date(article.updatedAt).toUTCString());
  c.header("vary", "Authorization");
  if (editor) {
    c.header("cache-control", "private, no-store");
    return c.json(toApiArticle(article, site, "editor"));
  }
  c.header("cache-control", "public, max-age=60");
  // Different bytes, different strong validator: an excerpt's ETag never matches the full answer's.
  if (content !== "full") c.header("etag", articleEtag(article).replace(/"$/, `-${content}"`));
  return c.json(publicView(article, site, content));
});

// ── GET /api/v1/articles/:id/revisions/:version — one stored version ──
articlesRead.get("/:id{[0-9]+}/revisions/:version{[0-9]+}", requireToken, async (c) => {
  assertScope(c, "drafts:read");
  const revision = await findRevision(c.var.db, Number(c.req.param("id")), Number(c.req.param("version")));
  if (!revision) throw notFound(PRIVATE_ANSWER);
  return c.json({
    version: revision.version,
    action: revision.action,
    tokenId: revision.tokenId,
    createdAt: formatRfc3339(revision.createdAt),
    article: toApiArticle(revision.article, c.var.site, "editor"),
  });
});

/** status and deletion filters are for editors (drafts:read). */
export function assertNoEditorFilters(query: { status?: string; deleted?: string }): void {
  if (query.status || query.deleted) {
    throw problem({
      status: 403,
      type: "forbidden",
      title: "Insufficient scope",
      detail: 'Filtering by status or deletion needs a token with the "drafts:read" scope.',
    });
  }
}

export function scopeFromQuery(query: {
  section?: string;
  tag?: string;
  author?: string;
}): Scope | undefined {
  // Stored names are NFC, so a filter spelled in another normalization form still finds them.
  if (query.section) return { kind: "section", key: normalizeName(query.section) };
  if (query.tag) return { kind: "tag", key: normalizeName(query.tag) };
  if (query.author) return { kind: "author", key: normalizeName(query.author) };
  return undefined;
}

function notFound(headers: Record<string, string>) {
  return problem({ status: 404, type: "not-found", title: "Article not found", headers });
}
