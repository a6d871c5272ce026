import { hasScope } from "../../domain/token-scope";
import { formatOffset } from "../../lib/time";
import { renderDeskDocument } from "../../render/desk/desk-layout";
import { EditorPage } from "../../render/desk/editor-page";
import { filledRows } from "./article-fields";
import { chromeFor } from "./chrome";
import type { EditorState } from "./editor-state";
import type { DeskContext } from "./guard";

export function renderEditor(
  c: DeskContext,
  state: EditorState,
  status: 200 | 400 | 403 | 404 | 409 | 422 | number = 200,
) {
  const page = (
    <EditorPage
      chrome={chromeFor(c)}
      articleId={state.articleId}
      version={state.version}
      fields={state.fields}
      authorRows={filledRows(state.fields, "authors") + (state.extraRow === "authors" ? 2 : 1)}
      editorRows={filledRows(state.fields, "editors") + (state.extraRow === "editors" ? 2 : 1)}
      errors={state.errors ?? new Map()}
      notice={state.notice ?? null}
      canPublish={hasScope(c.var.token, "articles:publish")}
      siteOffset={formatOffset(c.var.site.defaultOffsetMinutes)}
      controls={state.controls ?? null}
    />
  );
  return c.html(renderDeskDocument(page), status as 200);
}
