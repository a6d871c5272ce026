import type { Context } from "hono";
import { requireScope, requireToken } from "../../auth/middleware";
import { findArticleById } from "../../db/article-queries";
import { listRevisionHeads } from "../../db/revision-history";
import { type ArticleRow, isPubliclyVisible } from "../../domain/article";
import { createArticleSchema, updateArticleSchema } from "../../domain/article-input";
import { articleEtag, toApiArticle } from "../../domain/article-representation";
import { hasScope } from "../../domain/token-scope";
import { type AppEnv, createRouter } from "../../env";
import { canonicalJsonHash } from "../../lib/canonical-json";
import { type FieldError, problem } from "../../lib/problem";
import type { SanitizerChange } from "../../lib/sanitize-html";
import { absoluteUrl } from "../../lib/site";
import { formatRfc3339 } from "../../lib/time";
import { jsonBody, validate } from "../../lib/validate";
import {
  articleNotFound,
  createArticle,
  deleteArticle,
  patchArticle,
  restoreArticle,
  staleArticle,
} from "../../services/article-service";
import { writeContextFrom } from "../request-write-context";

export const articlesWrite = createRouter();

// Only this router's methods: a router-wide use() would also cover GETs mounted on the same path.
articlesWrite.post("*", requireToken);
articlesWrite.patch("*", requireToken);
articlesWrite.delete("*", requireToken);

// Checked once here, after the body validators (a malformed body is 4xx whatever the token);
// the service adds only the articles:publish rule, which depends on the content.
const mayWrite = requireScope("articles:write");

// ── POST /api/v1/articles — create; Idempotency-Key makes retries safe ──
articlesWrite.post("/", jsonBody(), validate("json", createArticleSchema), mayWrite, async (c) => {
  const key = idempotencyKey(c);
  const idempotency = key ? { key, requestHash: await canonicalJsonHash(await c.req.json()) } : undefined;
  const { article, replayed, sanitizerChanges } = await createArticle(
    writeContextFrom(c),
    c.req.valid("json"),
    idempotency,
  );
  if (replayed) c.header("idempotent-replayed", "true");
  c.header("location", absoluteUrl(c.var.site, `/api/v1/articles/${article.id}`));
  c.header("etag", articleEtag(article));
  return c.json({ ...viewFor(c, article), sanitizerChanges }, 201);
});

// ── PATCH /api/v1/articles/:id — merge-patch under If-Match ──
articlesWrite.patch(
  "/:id{[0-9]+}",
  jsonBody(),
  validate("json", updateArticleSchema),
  mayWrite,
  async (c) => {
    const current = await loadForWrite(c);
    const patch = c.req.valid("json");
    const sanitizerChanges: SanitizerChange[] = [];
    const article = await patchArticle(writeContextFrom(c), current, patch, sanitizerChanges);
    // Only a patch that sent a body has sanitizer changes to report.
    return articleAnswer(c, article, patch.body === undefined ? undefined : sanitizerChanges);
  },
);

// ── DELETE /api/v1/articles/:id — soft delete (restorable) ──
articlesWrite.delete("/:id{[0-9]+}", mayWrite, async (c) => {
  const current = await loadForWrite(c, { ifMatchRequired: false });
  const deleted = await deleteArticle(writeContextFrom(c), current);
  if (deleted !== current) c.header("etag", articleEtag(deleted));
  return c.body(null, 204);
});

// ── POST /api/v1/articles/:id/restore ──
articlesWrite.post("/:id{[0-9]+}/restore", mayWrite, async (c) => {
  const current = await loadForWrite(c, { ifMatchRequired: false });
  const restored = await restoreArticle(writeContextFrom(c), current);
  if (restored === current) return c.json(viewFor(c, current));
  return articleAnswer(c, restored);
});

// ── GET /api/v1/articles/:id/revisions ──
articlesWrite.get("/:id{[0-9]+}/revisions", requireToken, requireScope("drafts:read"), async (c) => {
  const id = Number(c.req.param("id"));
  if (!(await findArticleById(c.var.db, id))) throw articleNotFound(id);
  const rows = await listRevisionHeads(c.var.db, id);
  return c.json({
    items: rows.map((r) => ({
      version: r.version,
      action: r.action,
      tokenId: r.tokenId,
      createdAt: formatRfc3339(r.createdAt),
      url: absoluteUrl(c.var.site, `${c.req.path}/${r.version}`),
    })),
  });
});

/** 200 with the article as this token may see it, and its new ETag. */
function articleAnswer(c: Context<AppEnv>, article: ArticleRow, sanitizerChanges?: SanitizerChange[]) {
  c.header("etag", articleEtag(article));
  const body = viewFor(c, article);
  return c.json(sanitizerChanges ? { ...body, sanitizerChanges } : body, 200);
}

/**
 * A write answers with what the token may read: everything with drafts:read, the public view of a
 * public article, and otherwise only the receipt (identity, state, version), so that writing (even
 * a no-op PATCH) is no way to read a draft someone else wrote.
 */
function viewFor(c: Context<AppEnv>, article: ArticleRow) {
  const { site, token, now } = c.var;
  if (hasScope(token, "drafts:read")) return toApiArticle(article, site, "editor");
  if (isPubliclyVisible(article, now)) return toApiArticle(article, site, "public");
  const { id, guid, slug, url, status, publishedAt, createdAt, updatedAt, version } = toApiArticle(
    article,
    site,
    "public",
  );
  const deletedAt = article.deletedAt === null ? null : formatRfc3339(article.deletedAt);
  return { id, guid, slug, url, status, publishedAt, createdAt, updatedAt, version, deletedAt };
}

async function loadForWrite(c: Context<AppEnv>, options = { ifMatchRequired: true }): Promise<ArticleRow> {
  const id = Number(c.req.param("id"));
  const current = await findArticleById(c.var.db, id);
  if (!current) throw articleNotFound(id);
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
  if (!accepted.includes("*") && !accepted.includes(articleEtag(current))) throw staleArticle(current);
  return current;
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
