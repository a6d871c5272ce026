import type { ArticleRow } from "../../domain/article";
import type { EditorState } from "./articles";
import type { DeskContext } from "./guard";

// The one place a save against a newer version lands. For now: the editor's text stays in the
// form (still at the version it was opened at) with a plain notice. The side-by-side merge page
// replaces this function.

export function renderConflict(
  c: DeskContext,
  opened: EditorState,
  _current: ArticleRow,
  renderEditor: (c: DeskContext, state: EditorState, status: number) => Response | Promise<Response>,
) {
  return renderEditor(c, { ...opened, notice: { kind: "error", text: c.var.strings.conflict } }, 409);
}
