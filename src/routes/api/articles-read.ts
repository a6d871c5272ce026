import * as z from "zod";
import { assertScope, optionalToken, requireToken } from "../../auth/middleware";
import {
  findArticleByIdOrSlug,
  listForEditors,
  listPublicChanges,
  listPublicPage,
} from "../../db/article-queries";
import { findRevision } from "../../db/revision-history";
import { ARTICLE_STATUSES, type ArticleRow, isPubliclyVisible } from "../../domain/article";
import { articleEtag, toApiArticle } from "../../domain/article-representation";
import { normalizeName } from "../../domain/names";
import { type Scope, SITE_SCOPE } from "../../domain/scope";
import { hasScope } from "../../domain/token-scope";
import { createRouter } from "../../env";
import { decodeCursor, encodeCursor } from "../../lib/cursor";
import { problem } from "../../lib/problem";
import { stripXmlInvalid } from "../../lib/text";
import { formatRfc3339, parseRfc3339 } from "../../lib/time";
import { validate } from "../../lib/validate";

export const DEFAULT_API_LIMIT = 20;
export const MAX_API_LIMIT = 100;

// Stored names never hold characters XML cannot carry, so a filter with one is a malformed request.
const filterText = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((s) => stripXmlInvalid(s) === s, { message: "must not contain control characters" });

export const listQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(MAX_API_LIMIT).default(DEFAULT_API_LIMIT),
  cursor: z.string().max(200).optional(),
  status: z.enum(ARTICLE_STATUSES).optional(),
  deleted: z.enum(["exclude", "include", "only"]).optional(),
  section: filterText(800).optional(),
  tag: filterText(100).optional(),
  author: filterText(200).optional(),
  updatedSince: z
    .string()
    .max(40)
    .refine((v) => parseRfc3339(v) !== null, { message: "must be an RFC 3339 date-time with an offset" })
    .optional(),
});

const PUBLIC_ANSWER = { vary: "Authorization", "cache-control": "public, max-age=60" };
const PRIVATE_ANSWER = { vary: "Authorization", "cache-control": "private, no-store" };

export const articlesRead = createRouter();

articlesRead.get("*", optionalToken);

// ── GET /api/v1/articles — public list, delta polling, or the editors' view with drafts:read ──
articlesRead.get("/", validate("query", listQuery), async (c) => {
  const query = c.req.valid("query");
  const { db, site, now } = c.var;
  const editor = hasScope(c.var.token, "drafts:read");
  const scope = scopeFromQuery(query);
  const since = query.updatedSince ? (parseRfc3339(query.updatedSince)?.ms ?? 0) : undefined;
  const position = decodeCursor(query.cursor);
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

  if (query.status || query.deleted) {
    throw problem({
      status: 403,
      type: "forbidden",
      title: "Insufficient scope",
      detail: 'Filtering by status or deletion needs a token with the "drafts:read" scope.',
    });
  }
  c.header("cache-control", "public, max-age=60");

  if (since !== undefined) {
    if (scope)
      throw problem({
        status: 400,
        type: "bad-request",
        title: "updatedSince cannot be combined with filters",
      });
    const rows = await listPublicChanges(db, { since, now, limit: query.limit, after: position });
    return c.json({
      ...page(
        siteRequestUrl(c.req.url, site.url),
        rows,
        query.limit,
        (r) => ({ at: r.publicChangedAt ?? 0, id: r.id }),
        (r) => changeView(r, now, site),
      ),
      // Poll again with updatedSince = this value once nextCursor is null.
      nextUpdatedSince: formatRfc3339(rows.at(-1)?.publicChangedAt ?? since),
    });
  }

  const rows = await listPublicPage(db, scope ?? SITE_SCOPE, { now, limit: query.limit, before: position });
  return c.json(
    page(
      siteRequestUrl(c.req.url, site.url),
      rows,
      query.limit,
      (r) => ({ at: r.publishedAt ?? 0, id: r.id }),
      (r) => toApiArticle(r, site, "public"),
    ),
  );
});

// ── GET /api/v1/articles/:idOrSlug ──
articlesRead.get("/:idOrSlug", async (c) => {
  const { db, site, now } = c.var;
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
  return c.json(toApiArticle(article, site, "public"));
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

function scopeFromQuery(query: { section?: string; tag?: string; author?: string }): Scope | undefined {
  // Stored names are NFC, so a filter spelled in another normalization form still finds them.
  if (query.section) return { kind: "section", key: normalizeName(query.section) };
  if (query.tag) return { kind: "tag", key: normalizeName(query.tag) };
  if (query.author) return { kind: "author", key: normalizeName(query.author) };
  return undefined;
}

function changeView(row: ArticleRow, now: number, site: Parameters<typeof toApiArticle>[1]) {
  const changedAt = formatRfc3339(row.publicChangedAt ?? row.updatedAt);
  if (isPubliclyVisible(row, now)) return { ...toApiArticle(row, site, "public"), changedAt, removed: false };
  return { id: row.id, guid: row.guid, changedAt, removed: true };
}

/** The request's path and query on SITE_URL: next links never echo the request's Host header. */
function siteRequestUrl(requestUrl: string, siteUrl: string): string {
  const { pathname, search } = new URL(requestUrl);
  return `${siteUrl}${pathname}${search}`;
}

function page<T>(
  requestUrl: string,
  rows: ArticleRow[],
  limit: number,
  position: (row: ArticleRow) => { at: number; id: number },
  view: (row: ArticleRow) => T,
) {
  const last = rows.at(-1);
  const nextCursor = rows.length === limit && last ? encodeCursor(position(last)) : null;
  let next: string | null = null;
  if (nextCursor) {
    const url = new URL(requestUrl);
    url.searchParams.set("cursor", nextCursor);
    next = url.toString();
  }
  return { items: rows.map(view), nextCursor, next };
}

function notFound(headers: Record<string, string>) {
  return problem({ status: 404, type: "not-found", title: "Article not found", headers });
}
