import { findArticleById } from "../../db/article-queries";
import { isPubliclyVisible } from "../../domain/article";
import { hasScope } from "../../domain/token-scope";
import { previewPath, signPreview, usablePreviewSecret } from "../../lib/preview-link";
import { absoluteUrl } from "../../lib/site";
import { renderArticlePage } from "../../render/article-page";
import { renderDeskDocument } from "../../render/desk/desk-layout";
import { MessagePage } from "../../render/desk/message-page";
import { PreviewBanner } from "../../render/desk/preview-banner";
import { PREVIEW_CSS } from "../../render/desk/preview-css";
import { PREVIEW_LINK_DAYS, PreviewLinkPage } from "../../render/desk/publish-controls";
import { formatDateTime } from "../../render/format-date";
import { chromeFor } from "./chrome";
import { editorErrors } from "./editor-errors";
import { renderEditor } from "./editor-view";
import {
  type DeskContext,
  formFields,
  requireSameOrigin,
  requireSessionPage,
  requireSessionWrite,
} from "./guard";
import { previewRow } from "./preview-row";
import { deskRouter } from "./router";

// The editor's "Preview" button (unsaved text through the public article template) and the
// "create preview link" form (a signed link to the saved version, for a colleague).

export const deskPreview = deskRouter();

deskPreview.get("/preview.css", (c) =>
  c.body(PREVIEW_CSS, 200, { "content-type": "text/css; charset=utf-8" }),
);

deskPreview.post("/articles/new/preview", requireSameOrigin, requireSessionWrite, (c) => preview(c, null));

deskPreview.post("/articles/:id{[0-9]{1,15}}/preview", requireSameOrigin, requireSessionWrite, (c) =>
  preview(c, Number(c.req.param("id"))),
);

async function preview(c: DeskContext, id: number | null) {
  const fields = await formFields(c);
  const current = id === null ? null : ((await findArticleById(c.var.db, id)) ?? null);
  if (id !== null && (!current || !mayRead(c, current))) return notFound(c);
  const result = previewRow(fields, current, c.var.site, c.var.now);
  const version = Number(fields.get("version"));
  if (result.kind === "refused") {
    const { errors, notice } = editorErrors(result.problem, result.rows, c.var.strings);
    const opened = { articleId: id, version: Number.isSafeInteger(version) ? version : null, fields };
    return renderEditor(c, { ...opened, errors, notice }, result.problem.status);
  }
  const banner = <PreviewBanner text={c.var.strings.previewBanner} />;
  return c.html(renderArticlePage(result.article, c.var.site, banner));
}

deskPreview.post(
  "/articles/:id{[0-9]{1,15}}/preview-link",
  requireSameOrigin,
  requireSessionWrite,
  async (c) => {
    const article = await findArticleById(c.var.db, Number(c.req.param("id")));
    if (!article || !mayRead(c, article) || article.deletedAt !== null) return notFound(c);
    const secret = usablePreviewSecret(c.env.PREVIEW_SECRET);
    const page = (link: { href: string; expires: string } | null) =>
      c.html(
        renderDeskDocument(<PreviewLinkPage chrome={chromeFor(c)} articleId={article.id} link={link} />),
      );
    if (!secret) return page(null);
    const fields = await formFields(c);
    const days = PREVIEW_LINK_DAYS.find((d) => String(d) === fields.get("days")) ?? 7;
    const expiresAt = Math.floor(c.var.now / 1000) + days * 86_400;
    const claim = { articleId: article.id, version: article.version, expiresAt };
    const href = absoluteUrl(c.var.site, previewPath(claim, await signPreview(secret, claim)));
    const offset = c.var.site.defaultOffsetMinutes;
    return page({ href, expires: formatDateTime(expiresAt * 1000, offset, c.var.site.language) });
  },
);

/** A GET on a preview URL (a reload after the POST) goes back to the editor. */
deskPreview.get("/articles/:id{[0-9]{1,15}}/preview", requireSessionPage, (c) =>
  c.redirect(`/desk/articles/${c.req.param("id")}/edit`, 303),
);

function mayRead(c: DeskContext, article: Parameters<typeof isPubliclyVisible>[0]) {
  return hasScope(c.var.token, "drafts:read") || isPubliclyVisible(article, c.var.now);
}

function notFound(c: DeskContext) {
  return c.html(renderDeskDocument(<MessagePage chrome={chromeFor(c)} text={c.var.strings.notFound} />), 404);
}
