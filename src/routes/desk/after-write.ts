import { renderConflict } from "./conflict";
import { editorErrors } from "./editor-errors";
import type { OpenedEditor } from "./editor-state";
import { renderEditor } from "./editor-view";
import type { DeskContext } from "./guard";
import { renderSanitized } from "./sanitized";
import type { DeskWriteResult } from "./write";

/** The page after a desk save: the saved article, the conflict page, or the form with its errors. */
export async function afterWrite(
  c: DeskContext,
  result: DeskWriteResult,
  opened: OpenedEditor & { rows: Parameters<typeof editorErrors>[1] },
) {
  if (result.kind === "saved" && result.sanitizerChanges?.length)
    return renderSanitized(c, result.article, result.sanitizerChanges);
  if (result.kind === "saved") return c.redirect(`/desk/articles/${result.article.id}/edit?saved=1`, 303);
  if (result.kind === "conflict") return renderConflict(c, opened, result.current);
  const { errors, notice } = editorErrors(result.problem, opened.rows, c.var.strings);
  return renderEditor(c, { ...opened, errors, notice }, result.problem.status);
}
