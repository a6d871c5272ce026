import type { ZodMiniType } from "zod/mini";
import { assertScope } from "../../auth/middleware";
import { findArticleById } from "../../db/article-queries";
import type { ArticleRow } from "../../domain/article";
import { createArticleSchema, updateArticleSchema } from "../../domain/article-input";
import {
  type FieldError,
  ProblemError,
  type ProblemInit,
  toJsonPointer,
  validationProblem,
} from "../../lib/problem";
import type { SanitizerChange } from "../../lib/sanitize-html";
import {
  articleNotFound,
  createArticle,
  deleteArticle,
  patchArticle,
  restoreArticle,
} from "../../services/article-service";
import { type StoredMedia, storeImage } from "../../services/media";
import type { WriteContext } from "../../services/write-context";
import { writeContextFrom } from "../request-write-context";
import { asAppContext, type DeskContext } from "./guard";

// The desk's only door into the article service: the same schemas, the same service calls and the
// same WriteContext as the REST API; the session's token is the actor.

export type DeskWriteResult =
  | { kind: "saved"; article: ArticleRow; sanitizerChanges?: SanitizerChange[] }
  | { kind: "refused"; problem: ProblemInit }
  /** The article moved past the version the form was opened at. */
  | { kind: "conflict"; current: ArticleRow };

export async function createFromDesk(c: DeskContext, input: unknown): Promise<DeskWriteResult> {
  const parsed = parse(createArticleSchema, input);
  if ("problem" in parsed) return { kind: "refused", problem: parsed.problem };
  let sanitizerChanges: SanitizerChange[] = [];
  const result = await run(async () => {
    const created = await createArticle(deskWriteContext(c), parsed.value);
    sanitizerChanges = created.sanitizerChanges;
    return created.article;
  });
  return result.kind === "saved" ? { ...result, sanitizerChanges } : result;
}

export async function updateFromDesk(
  c: DeskContext,
  id: number,
  openedVersion: number,
  input: unknown,
): Promise<DeskWriteResult> {
  return writeAtOpenedVersion(c, id, openedVersion, async (current) => {
    const parsed = parse(updateArticleSchema, input);
    if ("problem" in parsed) return { kind: "refused", problem: parsed.problem };
    const sanitizerChanges: SanitizerChange[] = [];
    const result = await run(() =>
      patchArticle(deskWriteContext(c), current, parsed.value, sanitizerChanges),
    );
    return result.kind === "saved" ? { ...result, sanitizerChanges } : result;
  });
}

export type LifecycleAction = "unpublish" | "delete" | "restore";

/** The lifecycle buttons: the same service calls (and scope rules) as PATCH status and DELETE/restore. */
export async function lifecycleFromDesk(
  c: DeskContext,
  id: number,
  openedVersion: number,
  action: LifecycleAction,
): Promise<DeskWriteResult> {
  return writeAtOpenedVersion(c, id, openedVersion, (current) =>
    run(() => {
      const app = deskWriteContext(c);
      if (action === "delete") return deleteArticle(app, current);
      if (action === "restore") return restoreArticle(app, current);
      return patchArticle(app, current, { status: "draft" });
    }),
  );
}

/**
 * A write to the article as the form was opened: a conflict, without writing, when it has moved
 * past that version; a conflict too when the service's own version check (412) lost a race.
 */
async function writeAtOpenedVersion(
  c: DeskContext,
  id: number,
  openedVersion: number,
  write: (current: ArticleRow) => Promise<DeskWriteResult>,
): Promise<DeskWriteResult> {
  const current = await findArticleById(c.var.db, id);
  if (!current) throw articleNotFound(id);
  if (current.version !== openedVersion) return { kind: "conflict", current };
  const result = await write(current);
  if (result.kind === "refused" && result.problem.status === 412) {
    const latest = await findArticleById(c.var.db, id);
    if (latest) return { kind: "conflict", current: latest };
  }
  return result;
}

/**
 * The session's token as the writer. Like the REST routes, the desk checks articles:write itself (the
 * service keeps only the publish rule); inside run(), so a refusal is shown on the page.
 */
function deskWriteContext(c: DeskContext): WriteContext {
  assertScope(asAppContext(c), "articles:write");
  return writeContextFrom(asAppContext(c));
}

export type DeskUploadResult =
  | { kind: "stored"; media: StoredMedia }
  | { kind: "refused"; problem: ProblemInit };

/** The editor's image upload: the media service the API's POST /api/v1/media uses, with its caps. */
export async function uploadFromDesk(c: DeskContext, bytes: Uint8Array): Promise<DeskUploadResult> {
  try {
    assertScope(asAppContext(c), "articles:write");
    return { kind: "stored", media: await storeImage(c.env.MEDIA, bytes, c.var.token?.id ?? null) };
  } catch (err) {
    if (err instanceof ProblemError) return { kind: "refused", problem: err.init };
    throw err;
  }
}

/** The create schema's verdict on form input, for the unsaved preview (nothing is written). */
export function parseForPreview(input: unknown) {
  return parse(createArticleSchema, input);
}

async function run(write: () => Promise<ArticleRow>): Promise<DeskWriteResult> {
  try {
    return { kind: "saved", article: await write() };
  } catch (err) {
    if (err instanceof ProblemError) return { kind: "refused", problem: err.init };
    throw err;
  }
}

/** The same pointer per failing field as the API's validator (src/lib/validate.ts). */
function parse<T>(schema: ZodMiniType<T>, input: unknown): { value: T } | { problem: ProblemInit } {
  const result = schema.safeParse(input);
  if (result.success) return { value: result.data };
  const errors: FieldError[] = result.error.issues.flatMap((issue) => {
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({
        pointer: toJsonPointer([...issue.path, key]),
        detail: "is not a known field",
      }));
    }
    return [{ pointer: toJsonPointer(issue.path), detail: issue.message }];
  });
  return { problem: validationProblem(errors) };
}
