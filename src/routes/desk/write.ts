import type { ZodType } from "zod";
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
import { articleNotFound, createArticle, patchArticle } from "../../services/article-service";
import { writeContextFrom } from "../request-write-context";
import { asAppContext, type DeskContext } from "./guard";

// The desk's only door into the article service: the same schemas, the same service calls and the
// same WriteContext as the REST API; the session's token is the actor.

export type DeskWriteResult =
  | { kind: "saved"; article: ArticleRow }
  | { kind: "refused"; problem: ProblemInit }
  /** The article moved past the version the form was opened at. */
  | { kind: "conflict"; current: ArticleRow };

export async function createFromDesk(c: DeskContext, input: unknown): Promise<DeskWriteResult> {
  const parsed = parse(createArticleSchema, input);
  if ("problem" in parsed) return { kind: "refused", problem: parsed.problem };
  return run(async () => (await createArticle(writeContextFrom(asAppContext(c)), parsed.value)).article);
}

export async function updateFromDesk(
  c: DeskContext,
  id: number,
  openedVersion: number,
  input: unknown,
): Promise<DeskWriteResult> {
  const current = await findArticleById(c.var.db, id);
  if (!current) throw articleNotFound(id);
  if (current.version !== openedVersion) return { kind: "conflict", current };
  const parsed = parse(updateArticleSchema, input);
  if ("problem" in parsed) return { kind: "refused", problem: parsed.problem };
  const result = await run(() => patchArticle(writeContextFrom(asAppContext(c)), current, parsed.value));
  if (result.kind === "refused" && result.problem.status === 412) {
    const latest = await findArticleById(c.var.db, id);
    if (latest) return { kind: "conflict", current: latest };
  }
  return result;
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
function parse<T>(schema: ZodType<T>, input: unknown): { value: T } | { problem: ProblemInit } {
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
