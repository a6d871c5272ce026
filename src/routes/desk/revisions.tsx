import { findArticleById } from "../../db/article-queries";
import { type DeskRevision, findDeskRevision, listDeskRevisions } from "../../db/desk-revisions";
import { isListed } from "../../domain/article";
import { hasScope } from "../../domain/token-scope";
import { formatRfc3339 } from "../../lib/time";
import { renderDeskDocument } from "../../render/desk/desk-layout";
import { MessagePage } from "../../render/desk/message-page";
import { RevisionsPage } from "../../render/desk/revisions-page";
import { afterWrite } from "./after-write";
import { articleToFields } from "./article-fields";
import { chromeFor } from "./chrome";
import { differingGroups, FIELD_GROUPS, groupLabel, groupText } from "./conflict-fields";
import { formToArticleInput } from "./form-input";
import {
  type DeskContext,
  formFields,
  requireSameOrigin,
  requireSessionPage,
  requireSessionWrite,
} from "./guard";
import { deskRouter } from "./router";
import { updateFromDesk } from "./write";

export const REVISIONS_PAGE_SIZE = 50;

export const deskRevisions = deskRouter();

// Old versions can hold text that was never public, so every revision view needs drafts:read (as
// GET /api/v1/articles/:id/revisions does), whatever the article's state today.

deskRevisions.get("/articles/:id{[0-9]{1,15}}/revisions", requireSessionPage, async (c) => {
  const article = hasScope(c.var.token, "drafts:read")
    ? await findArticleById(c.var.db, Number(c.req.param("id")))
    : undefined;
  if (!article) return notFound(c);
  const before = versionParam(c.req.query("before"));
  // One more than shown: the version before the oldest row tells what that row changed.
  const revisions = await listDeskRevisions(c.var.db, article.id, {
    limit: REVISIONS_PAGE_SIZE + 1,
    beforeVersion: before,
  });
  const shown = revisions.slice(0, REVISIONS_PAGE_SIZE);
  const offset = c.var.site.defaultOffsetMinutes;
  const fieldsOf = (r: DeskRevision) => articleToFields(r.article, offset);
  const s = c.var.strings;
  const canWrite = hasScope(c.var.token, "articles:write");
  const canPublish = hasScope(c.var.token, "articles:publish");
  const rows = shown.map((r, i) => {
    const previous = revisions[i + 1];
    const changed = previous && r.action === "update" ? differingGroups(fieldsOf(previous), fieldsOf(r)) : [];
    // The same rule the service applies: touching public content or making it public needs publish.
    const needsPublish = r.article.status !== "draft" || isListed(article);
    return {
      version: r.version,
      action: r.action,
      who: r.tokenName ?? s.unknownWriter,
      at: {
        iso: formatRfc3339(r.createdAt),
        local: formatRfc3339(r.createdAt, offset).slice(0, 16).replace("T", " "),
      },
      changed: changed.map((g) => groupLabel(g, s)),
      canRestore: canWrite && r.version !== article.version && (canPublish || !needsPublish),
    };
  });
  const lastShown = shown.at(-1);
  const olderHref =
    revisions.length > REVISIONS_PAGE_SIZE && lastShown
      ? `/desk/articles/${article.id}/revisions?before=${lastShown.version}`
      : null;
  const from = versionParam(c.req.query("from"));
  const to = versionParam(c.req.query("to"));
  let compared = null;
  if (from !== null && to !== null) {
    const [a, b] = await Promise.all([
      findDeskRevision(c.var.db, article.id, from),
      findDeskRevision(c.var.db, article.id, to),
    ]);
    if (a && b) {
      const left = fieldsOf(a);
      const right = fieldsOf(b);
      compared = differingGroups(left, right, FIELD_GROUPS).map((g) => ({
        name: g,
        label: groupLabel(g, s),
        left: groupText(left, g, s),
        right: groupText(right, g, s),
      }));
    }
  }
  const page = (
    <RevisionsPage
      chrome={chromeFor(c)}
      articleId={article.id}
      title={article.title}
      currentVersion={article.version}
      rows={rows}
      olderHref={olderHref}
      compare={{
        from: from ?? Math.max(article.version - 1, 1),
        to: to ?? article.version,
        fields: compared,
      }}
    />
  );
  return c.html(renderDeskDocument(page));
});

/**
 * "Restore this version": the old content saved as a new version against the version the page
 * showed as current (a stale page lands on the conflict page), through the same rules as an edit.
 */
deskRevisions.post(
  "/articles/:id{[0-9]{1,15}}/revisions/:version{[0-9]{1,9}}/restore",
  requireSameOrigin,
  requireSessionWrite,
  async (c) => {
    const id = Number(c.req.param("id"));
    const revision = hasScope(c.var.token, "drafts:read")
      ? await findDeskRevision(c.var.db, id, Number(c.req.param("version")))
      : null;
    if (!revision) return notFound(c);
    const form = await formFields(c);
    const version = Number(form.get("version"));
    const opened = Number.isSafeInteger(version) ? version : 0;
    const fields = articleToFields(revision.article, c.var.site.defaultOffsetMinutes);
    const { input, rows } = formToArticleInput(fields, "update");
    const result = await updateFromDesk(c, id, opened, input);
    return afterWrite(c, result, { articleId: id, version: opened, fields, rows });
  },
);

function versionParam(value: string | undefined): number | null {
  return value && /^[1-9][0-9]{0,8}$/.test(value) ? Number(value) : null;
}

function notFound(c: DeskContext) {
  return c.html(renderDeskDocument(<MessagePage chrome={chromeFor(c)} text={c.var.strings.notFound} />), 404);
}
