import { findArticleByGuid, findArticleById, findArticleBySlug } from "../db/article-queries";
import { insertArticle, isUniqueViolation, updateArticle } from "../db/article-writes";
import { findIdempotencyKey } from "../db/idempotency";
import { type ArticleRow, isListed } from "../domain/article";
import type { CreateArticleInput, UpdateArticleInput } from "../domain/article-input";
import {
  type ArticleContent,
  contentFromCreate,
  contentFromPatch,
  generateSlug,
} from "../domain/article-prepare";
import { articleEtag } from "../domain/article-representation";
import { canonicalJson } from "../lib/canonical-json";
import { problem, validationProblem } from "../lib/problem";
import type { SanitizerChange } from "../lib/sanitize-html";
import { absoluteUrl, type SiteConfig } from "../lib/site";
import { purgeCachedDocuments } from "./edge-purge";
import { notifyHubOfChange } from "./hub-notify";
import { assertMayPublish, type WriteContext } from "./write-context";

// The editor write path shared by the REST API, Micropub and the desk: the publish-vs-draft rule,
// slug and guid uniqueness, optimistic concurrency and WebSub pings live here, once. Callers have
// already checked the articles:write scope.

export interface Idempotency {
  key: string;
  requestHash: string;
}

export interface CreateResult {
  article: ArticleRow;
  /** True when an Idempotency-Key retry was answered with the article it created first (as it is now). */
  replayed: boolean;
  /** What the sanitizer removed from or added to the body (the same for a replay: same body). */
  sanitizerChanges: SanitizerChange[];
}

export async function createArticle(
  w: WriteContext,
  input: CreateArticleInput,
  idempotency?: Idempotency,
): Promise<CreateResult> {
  const { db, site, now } = w;
  const sanitizerChanges: SanitizerChange[] = [];
  const content = contentFromCreate(input, site, now, sanitizerChanges);
  assertPublishable(w, null, content);
  const tokenId = w.actor.id;
  for (let attempt = 0; attempt < 3; attempt++) {
    const slug = input.slug ?? generateSlug(content, site, now);
    try {
      const created = await insertArticle(db, content, slug, { now, tokenId, idempotency, guid: input.guid });
      notifyHubOfChange(w, null, created);
      purgeCachedDocuments(w, [created]);
      return { article: created, replayed: false, sanitizerChanges };
    } catch (err) {
      if (!isUniqueViolation(err, "")) throw err;
      // The batch stops at the first violated constraint, which may be the slug or guid of the
      // article this very key created: the stored key decides whether this is a retry.
      if (idempotency) {
        const replayed = await replay(w, idempotency);
        if (replayed) return { article: replayed, replayed: true, sanitizerChanges };
      }
      // Which UNIQUE index SQLite reports first is not fixed; an imported item is recognised by guid.
      if (input.guid) {
        const owner = await findArticleByGuid(db, input.guid);
        if (owner) throw guidTaken(site, owner);
      }
      if (!isUniqueViolation(err, "slug")) throw err;
      if (input.slug) throw slugTaken(input.slug);
    }
  }
  throw new Error("could not allocate a unique slug");
}

/** `sanitizerChanges`, when given, receives what the sanitizer changed in a new body. */
export async function patchArticle(
  w: WriteContext,
  current: ArticleRow,
  patch: UpdateArticleInput,
  sanitizerChanges?: SanitizerChange[],
) {
  const { db, site, now } = w;
  if (current.deletedAt !== null) {
    throw problem({
      status: 409,
      type: "conflict",
      title: "Article is deleted",
      detail: "Restore it before editing.",
    });
  }
  const content = contentFromPatch(current, patch, site, now, sanitizerChanges);
  assertPublishable(w, current, content);
  if (patch.slug && patch.slug !== current.slug) {
    const owner = await findArticleBySlug(db, patch.slug);
    if (owner && owner.article.id !== current.id) throw slugTaken(patch.slug);
  }
  // A patch that changes nothing writes nothing: no version, no revision, same ETag.
  if (patch.slug === undefined || patch.slug === current.slug) {
    if (sameContent(current, content)) return current;
  }
  return saveUpdate(w, current, content, patch.slug ?? current.slug, "update");
}

/** Soft delete (restorable); deleting an already deleted article changes nothing. */
export async function deleteArticle(w: WriteContext, current: ArticleRow) {
  if (isListed(current)) assertMayPublish(w.actor);
  if (current.deletedAt !== null) return current;
  return saveUpdate(w, current, current, current.slug, "delete", w.now);
}

export async function restoreArticle(w: WriteContext, current: ArticleRow) {
  if (isListed({ ...current, deletedAt: null })) assertMayPublish(w.actor);
  if (current.deletedAt === null) return current;
  return saveUpdate(w, current, current, current.slug, "restore", null);
}

async function saveUpdate(
  w: WriteContext,
  current: ArticleRow,
  content: ArticleContent,
  slug: string,
  action: "update" | "delete" | "restore",
  deletedAt?: number | null,
): Promise<ArticleRow> {
  const { db, now, actor } = w;
  let updated: ArticleRow | null;
  try {
    updated = await updateArticle(db, current, content, slug, { now, tokenId: actor.id, action, deletedAt });
  } catch (err) {
    if (isUniqueViolation(err, "slug")) throw slugTaken(slug);
    throw err;
  }
  if (!updated) throw staleArticle();
  notifyHubOfChange(w, current, updated);
  purgeCachedDocuments(w, [current, updated]);
  return updated;
}

/** Making content public, or touching content that is public, needs the publish scope. */
function assertPublishable(w: WriteContext, current: ArticleRow | null, next: ArticleContent) {
  if (next.status === "scheduled" && next.publishedAt === null) {
    throw problem(
      validationProblem([{ pointer: "/publishedAt", detail: "is required when status is scheduled" }]),
    );
  }
  const touchesPublic = next.status !== "draft" || (current !== null && isListed(current));
  if (touchesPublic) assertMayPublish(w.actor);
}

function sameContent(current: ArticleRow, next: ArticleContent): boolean {
  return (Object.keys(next) as (keyof ArticleContent)[]).every(
    (field) => canonicalJson(current[field]) === canonicalJson(next[field]),
  );
}

/**
 * The article an earlier request with this key created, as it is now (its ETag must match what a
 * later If-Match needs); null when the key is new or expired. A deleted article is gone: 410.
 */
async function replay(w: WriteContext, idempotency: Idempotency): Promise<ArticleRow | null> {
  const { db, actor, now } = w;
  const stored = await findIdempotencyKey(db, actor.id, idempotency.key, now);
  if (!stored) return null;
  if (stored.requestHash !== idempotency.requestHash) {
    throw problem({
      status: 422,
      type: "idempotency-key-reused",
      title: "Idempotency-Key reused with a different body",
      detail: "Use a new Idempotency-Key for a different request.",
    });
  }
  const article = await findArticleById(db, stored.articleId);
  if (!article) throw new Error(`idempotency key points at missing article ${stored.articleId}`);
  if (article.deletedAt !== null) {
    throw problem({
      status: 410,
      type: "gone",
      title: "Article deleted",
      detail: `The article this Idempotency-Key created (${article.id}) was deleted since; restore it or use a new key.`,
      extra: { articleId: article.id },
    });
  }
  return article;
}

function guidTaken(site: SiteConfig, owner: ArticleRow) {
  return problem({
    status: 409,
    type: "conflict",
    title: "guid already in use",
    detail: `Article ${owner.id} already has this guid (it was imported before).`,
    errors: [{ pointer: "/guid", detail: "is already in use" }],
    headers: {
      location: absoluteUrl(site, `/api/v1/articles/${owner.id}`),
      etag: articleEtag(owner),
    },
    extra: { articleId: owner.id },
  });
}

export function slugTaken(slug: string) {
  return problem({
    status: 409,
    type: "conflict",
    title: "Slug already in use",
    detail: `The slug "${slug}" belongs to another article (now or in the past).`,
    errors: [{ pointer: "/slug", detail: "is already in use" }],
  });
}

export function staleArticle(current?: ArticleRow) {
  return problem({
    status: 412,
    type: "precondition-failed",
    title: "Article changed since you read it",
    detail: current ? `The current ETag is ${articleEtag(current)}.` : "Another edit was saved first.",
  });
}

export function articleNotFound(id: number | string) {
  return problem({ status: 404, type: "not-found", title: "Article not found", detail: `No article ${id}.` });
}
