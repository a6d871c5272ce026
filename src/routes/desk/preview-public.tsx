import type { Context } from "hono";
import { findArticleById } from "../../db/article-queries";
import { type AppEnv, createRouter } from "../../env";
import { usablePreviewSecret, verifyPreview } from "../../lib/preview-link";
import { renderArticlePage } from "../../render/article-page";
import { PreviewBanner } from "../../render/desk/preview-banner";
import { deskLangFor, deskStrings } from "../../render/desk/strings";
import { errorPage } from "../html-response";

// GET /preview/<id>?v=<version>&exp=<unix>&sig=<b64url>: a colleague reads a draft or scheduled
// version without signing in. Any doubt (no secret, bad or expired signature, newer version,
// deleted) is the very 404 a draft's public URL gives, so a link reveals nothing by failing.

export const publicPreview = createRouter();

publicPreview.use("*", async (c, next) => {
  await next();
  // Per-link and short-lived: never stored by a browser, proxy or the edge cache, never indexed.
  c.res.headers.set("cache-control", "private, no-store");
  c.res.headers.set("x-robots-tag", "noindex, nofollow");
});

publicPreview.get("/:id{[0-9]{1,15}}", async (c) => {
  const secret = usablePreviewSecret(c.env.PREVIEW_SECRET);
  const claim = {
    articleId: Number(c.req.param("id")),
    version: Number(c.req.query("v")),
    expiresAt: Number(c.req.query("exp")),
  };
  const signature = c.req.query("sig") ?? "";
  if (!secret || !Number.isSafeInteger(claim.version) || !Number.isSafeInteger(claim.expiresAt)) {
    return notFound(c);
  }
  if (!(await verifyPreview(secret, claim, signature, c.var.now))) return notFound(c);
  const article = await findArticleById(c.var.db, claim.articleId);
  if (!article || article.version !== claim.version || article.deletedAt !== null) return notFound(c);
  const strings = deskStrings(deskLangFor(c.var.site.language, undefined));
  return c.html(renderArticlePage(article, c.var.site, <PreviewBanner text={strings.previewLinkBanner} />));
});

publicPreview.get("*", (c) => notFound(c));

function notFound(c: Context<AppEnv>) {
  return errorPage(c, "not-found", 404);
}
