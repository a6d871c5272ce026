import type { Context } from "hono";
import { assertScope, requireToken } from "../../auth/middleware";
import { findArticleById, findArticleBySlug, findRevision, listRevisions } from "../../db/article-queries";
import { findIdempotencyKey, insertArticle, isUniqueViolation, updateArticle } from "../../db/article-writes";
import { type ArticleRow, isListed } from "../../domain/article";
import { createArticleSchema, updateArticleSchema } from "../../domain/article-input";
import {
  type ArticleContent,
  contentFromCreate,
  contentFromPatch,
  generateSlug,
} from "../../domain/article-prepare";
import { articleEtag, toApiArticle } from "../../domain/article-view";
import { type AppEnv, createRouter } from "../../env";
import { canonicalJsonHash } from "../../lib/canonical-json";
import { type FieldError, problem, validationProblem } from "../../lib/problem";
import { formatRfc3339 } from "../../lib/time";
import { jsonBody, validate } from "../../lib/validate";
import { notifyPublicChange } from "../../services/public-change";

export const articlesWrite = createRouter();

// Only this router's methods: a router-wide use() would also cover GETs mounted on the same path.
articlesWrite.post("*", requireToken);
articlesWrite.patch("*", requireToken);
articlesWrite.delete("*", requireToken);

// ── POST /api/v1/articles — create; Idempotency-Key makes retries safe ──
articlesWrite.post("/", jsonBody(), validate("json", createArticleSchema), async (c) => {
  assertScope(c, "articles:write");
  const input = c.req.valid("json");
  const { db, site, now, token } = c.var;
  const content = contentFromCreate(input, site, now);
  assertPublishable(c, null, content);
  const key = idempotencyKey(c);
  const tokenId = token?.id ?? null;
  const idempotency = key ? { key, requestHash: await canonicalJsonHash(await c.req.json()) } : undefined;

  let created: ArticleRow | undefined;
  for (let attempt = 0; attempt < 3 && !created; attempt++) {
    const slug = input.slug ?? generateSlug(content, site, now);
    try {
      created = await insertArticle(db, content, slug, { now, tokenId, idempotency });
    } catch (err) {
      if (idempotency && isUniqueViolation(err, "idempotency_keys")) return replay(c, idempotency);
      if (!isUniqueViolation(err, "slug")) throw err;
      if (input.slug) throw slugTaken(input.slug);
    }
  }
  if (!created) throw new Error("could not allocate a unique slug");
  notifyPublicChange(c, null, created);
  return created201(c, created);
});

// ── PATCH /api/v1/articles/:id — merge-patch under If-Match ──
articlesWrite.patch("/:id{[0-9]+}", jsonBody(), validate("json", updateArticleSchema), async (c) => {
  assertScope(c, "articles:write");
  const patch = c.req.valid("json");
  const { db, site, now } = c.var;
  const current = await loadForWrite(c);
  if (current.deletedAt !== null) {
    throw problem({
      status: 409,
      type: "conflict",
      title: "Article is deleted",
      detail: "Restore it before editing.",
    });
  }
  const content = contentFromPatch(current, patch, site, now);
  assertPublishable(c, current, content);
  if (patch.slug && patch.slug !== current.slug) {
    const owner = await findArticleBySlug(db, patch.slug);
    if (owner && owner.article.id !== current.id) throw slugTaken(patch.slug);
  }
  return saveUpdate(c, current, content, patch.slug ?? current.slug, "update");
});

// ── DELETE /api/v1/articles/:id — soft delete (restorable) ──
articlesWrite.delete("/:id{[0-9]+}", async (c) => {
  assertScope(c, "articles:write");
  const current = await loadForWrite(c, { ifMatchRequired: false });
  if (isListed(current)) assertScope(c, "articles:publish");
  if (current.deletedAt !== null) return c.body(null, 204);
  const saved = await saveUpdate(c, current, current, current.slug, "delete", c.var.now);
  return saved.status === 200 ? c.body(null, 204) : saved;
});

// ── POST /api/v1/articles/:id/restore ──
articlesWrite.post("/:id{[0-9]+}/restore", async (c) => {
  assertScope(c, "articles:write");
  const current = await loadForWrite(c, { ifMatchRequired: false });
  if (isListed({ ...current, deletedAt: null })) assertScope(c, "articles:publish");
  if (current.deletedAt === null) return c.json(toApiArticle(current, c.var.site, "editor"));
  return saveUpdate(c, current, current, current.slug, "restore", null);
});

// ── GET /api/v1/articles/:id/revisions ──
articlesWrite.get("/:id{[0-9]+}/revisions", requireToken, async (c) => {
  assertScope(c, "drafts:read");
  const id = Number(c.req.param("id"));
  if (!(await findArticleById(c.var.db, id))) throw notFound(id);
  const rows = await listRevisions(c.var.db, id);
  return c.json({
    items: rows.map((r) => ({
      version: r.version,
      action: r.action,
      tokenId: r.tokenId,
      createdAt: formatRfc3339(r.createdAt),
      url: new URL(`${c.req.path}/${r.version}`, c.req.url).toString(),
    })),
  });
});

async function saveUpdate(
  c: Context<AppEnv>,
  current: ArticleRow,
  content: ArticleContent,
  slug: string,
  action: "update" | "delete" | "restore",
  deletedAt?: number | null,
) {
  const { db, now, token } = c.var;
  let saved: ArticleRow | null;
  try {
    saved = await updateArticle(db, current, content, slug, {
      now,
      tokenId: token?.id ?? null,
      action,
      deletedAt,
    });
  } catch (err) {
    if (isUniqueViolation(err, "slug")) throw slugTaken(slug);
    throw err;
  }
  if (!saved) throw stale();
  notifyPublicChange(c, current, saved);
  c.header("etag", articleEtag(saved));
  return c.json(toApiArticle(saved, c.var.site, "editor"), 200);
}

async function loadForWrite(c: Context<AppEnv>, options = { ifMatchRequired: true }): Promise<ArticleRow> {
  const id = Number(c.req.param("id"));
  const current = await findArticleById(c.var.db, id);
  if (!current) throw notFound(id);
  const ifMatch = c.req.header("if-match");
  if (ifMatch === undefined) {
    if (!options.ifMatchRequired) return current;
    throw problem({
      status: 428,
      type: "precondition-required",
      title: "If-Match required",
      detail: `Send If-Match: ${articleEtag(current)} (the ETag from GET) so concurrent edits cannot overwrite each other.`,
    });
  }
  const accepted = ifMatch.split(",").map((t) => t.trim());
  if (!accepted.includes("*") && !accepted.includes(articleEtag(current))) throw stale(current);
  return current;
}

/** Making content public, or touching content that is public, needs the publish scope. */
function assertPublishable(c: Context<AppEnv>, current: ArticleRow | null, next: ArticleContent) {
  if (next.status === "scheduled" && next.publishedAt === null) {
    throw problem(
      validationProblem([{ pointer: "/publishedAt", detail: "is required when status is scheduled" }]),
    );
  }
  const touchesPublic = next.status !== "draft" || (current !== null && isListed(current));
  if (touchesPublic) assertScope(c, "articles:publish");
}

async function replay(c: Context<AppEnv>, idempotency: { key: string; requestHash: string }) {
  const stored = await findIdempotencyKey(c.var.db, c.var.token?.id ?? "", idempotency.key);
  if (!stored) throw new Error("idempotency key conflict without a stored key");
  if (stored.requestHash !== idempotency.requestHash) {
    throw problem({
      status: 422,
      type: "idempotency-key-reused",
      title: "Idempotency-Key reused with a different body",
      detail: "Use a new Idempotency-Key for a different request.",
    });
  }
  const revision = await findRevision(c.var.db, stored.articleId, 1);
  if (!revision) throw new Error("created article has no first revision");
  const original = { ...(JSON.parse(revision.snapshot) as Omit<ArticleRow, "id">), id: stored.articleId };
  c.header("idempotent-replayed", "true");
  return created201(c, original);
}

function created201(c: Context<AppEnv>, article: ArticleRow) {
  c.header("location", new URL(`/api/v1/articles/${article.id}`, c.req.url).toString());
  c.header("etag", articleEtag(article));
  return c.json(toApiArticle(article, c.var.site, "editor"), 201);
}

function idempotencyKey(c: Context<AppEnv>): string | null {
  const key = c.req.header("idempotency-key");
  if (key === undefined) return null;
  const unquoted = key.trim().replace(/^"(.*)"$/, "$1");
  if (!/^[\x21-\x7e]{1,255}$/.test(unquoted)) {
    throw problem({
      status: 400,
      type: "bad-request",
      title: "Invalid Idempotency-Key",
      detail: "The key must be 1–255 visible ASCII characters.",
      errors: [{ pointer: "#/headers/idempotency-key", detail: "is not a valid key" } satisfies FieldError],
    });
  }
  return unquoted;
}

function stale(current?: ArticleRow) {
  return problem({
    status: 412,
    type: "precondition-failed",
    title: "Article changed since you read it",
    detail: current ? `The current ETag is ${articleEtag(current)}.` : "Another edit was saved first.",
  });
}

function slugTaken(slug: string) {
  return problem({
    status: 409,
    type: "conflict",
    title: "Slug already in use",
    detail: `The slug "${slug}" belongs to another article (now or in the past).`,
    errors: [{ pointer: "/slug", detail: "is already in use" }],
  });
}

function notFound(id: number) {
  return problem({ status: 404, type: "not-found", title: "Article not found", detail: `No article ${id}.` });
}
