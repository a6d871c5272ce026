import { findArticleById } from "../../db/article-queries";
import { type ArticleRow, isListed, isPubliclyVisible } from "../../domain/article";
import { hasScope } from "../../domain/token-scope";
import { renderDeskDocument } from "../../render/desk/desk-layout";
import { MessagePage } from "../../render/desk/message-page";
import type { LifecycleButtons } from "../../render/desk/publish-controls";
import { articleToFields } from "./article-fields";
import { chromeFor } from "./chrome";
import { renderEditor } from "./editor-view";
import { type DeskContext, formFields, requireSameOrigin, requireSessionWrite } from "./guard";
import { deskRouter } from "./router";
import { type LifecycleAction, lifecycleFromDesk } from "./write";

// Unpublish, delete and restore: one small form per article, posting to the same service calls as
// the API. Publish and schedule are the editor form's own status buttons (they save the text too).

export const deskLifecycle = deskRouter();

const ACTIONS: readonly LifecycleAction[] = ["unpublish", "delete", "restore"];

deskLifecycle.post(
  "/articles/:id{[0-9]{1,15}}/lifecycle",
  requireSameOrigin,
  requireSessionWrite,
  async (c) => {
    const id = Number(c.req.param("id"));
    const fields = await formFields(c);
    const action = ACTIONS.find((a) => a === fields.get("action"));
    const version = Number(fields.get("version"));
    const current = await findArticleById(c.var.db, id);
    if (!current || !action || !Number.isSafeInteger(version)) {
      return c.html(
        renderDeskDocument(<MessagePage chrome={chromeFor(c)} text={c.var.strings.notFound} />),
        404,
      );
    }
    const result = await lifecycleFromDesk(c, id, version, action);
    if (result.kind === "saved") return c.redirect(`/desk/articles/${id}/edit?done=${action}`, 303);
    if (result.kind === "conflict") {
      return renderSaved(c, result.current, { kind: "error", text: c.var.strings.conflict }, 409);
    }
    const s = c.var.strings;
    const text =
      result.problem.status === 403 ? s.forbidden : (result.problem.detail ?? result.problem.title);
    return renderSaved(c, current, { kind: "error", text }, result.problem.status);
  },
);

/** The buttons an article shows: only what its state allows and the token's scopes permit. */
export function lifecycleButtons(c: DeskContext, article: ArticleRow): LifecycleButtons {
  const token = c.var.token;
  const canWrite = hasScope(token, "articles:write");
  const canPublish = canWrite && hasScope(token, "articles:publish");
  const deleted = article.deletedAt !== null;
  return {
    articleId: article.id,
    version: article.version,
    unpublish: canPublish && !deleted && article.status !== "draft",
    delete: canWrite && !deleted && (canPublish || !isListed(article)),
    restore: canWrite && deleted && (canPublish || !isListed({ ...article, deletedAt: null })),
    previewLink: !deleted && !isPubliclyVisible(article, c.var.now),
  };
}

/** The notice a finished lifecycle action leaves on the editor (`?done=`). */
export function lifecycleNotice(c: DeskContext, article: ArticleRow) {
  const s = c.var.strings;
  const done = c.req.query("done");
  if (done === "unpublish") return { kind: "ok" as const, text: s.unpublished };
  if (done === "delete") return { kind: "ok" as const, text: s.deletedDone };
  if (done === "restore") return { kind: "ok" as const, text: s.restoredDone };
  if (article.deletedAt !== null) return { kind: "error" as const, text: s.isDeleted };
  return null;
}

function renderSaved(
  c: DeskContext,
  article: ArticleRow,
  notice: { kind: "error"; text: string },
  status: number,
) {
  return renderEditor(
    c,
    {
      articleId: article.id,
      version: article.version,
      fields: articleToFields(article, c.var.site.defaultOffsetMinutes),
      notice,
      controls: lifecycleButtons(c, article),
    },
    status,
  );
}
