import type { ArticleRow } from "../../domain/article";
import type { SanitizerChange } from "../../lib/sanitize-html";
import { SanitizerReport } from "../../render/desk/sanitizer-report";
import { articleToFields } from "./article-fields";
import { renderEditor } from "./editor-view";
import type { DeskContext } from "./guard";
import { lifecycleButtons } from "./lifecycle";

/**
 * A save the sanitizer changed: the saved article straight away (no redirect, which would lose the
 * report), with the list of changes on top so the editor can check the body before it goes out.
 */
export function renderSanitized(c: DeskContext, article: ArticleRow, changes: readonly SanitizerChange[]) {
  const s = c.var.strings;
  return renderEditor(c, {
    articleId: article.id,
    version: article.version,
    fields: articleToFields(article, c.var.site.defaultOffsetMinutes),
    notice: {
      kind: "ok",
      text: (
        <>
          {s.saved} <SanitizerReport changes={changes} strings={s} />
        </>
      ),
    },
    controls: lifecycleButtons(c, article),
  });
}
