import { findDeskRevision } from "../../db/desk-revisions";
import { isPubliclyVisible } from "../../domain/article";
import { hasScope } from "../../domain/token-scope";
import { renderDeskDocument } from "../../render/desk/desk-layout";
import { MessagePage } from "../../render/desk/message-page";
import { afterWrite } from "./after-write";
import { articleToFields } from "./article-fields";
import { chromeFor } from "./chrome";
import { typedValues } from "./conflict";
import { MERGEABLE_GROUPS, takeGroup } from "./conflict-fields";
import { formToArticleInput } from "./form-input";
import { formFields, requireSameOrigin, requireSessionWrite } from "./guard";
import { deskRouter } from "./router";
import { updateFromDesk } from "./write";

export const deskConflict = deskRouter();

/**
 * The conflict page's form: what the editor typed, with the fields they chose to take from the
 * version they resolved against, saved against that version (a newer one means another round).
 */
deskConflict.post("/articles/:id{[0-9]{1,15}}/resolve", requireSameOrigin, requireSessionWrite, async (c) => {
  const id = Number(c.req.param("id"));
  const fields = await formFields(c);
  const version = Number(fields.get("version"));
  const against = Number.isSafeInteger(version) ? await findDeskRevision(c.var.db, id, version) : null;
  if (!against || (!hasScope(c.var.token, "drafts:read") && !isPubliclyVisible(against.article, c.var.now))) {
    return c.html(
      renderDeskDocument(<MessagePage chrome={chromeFor(c)} text={c.var.strings.notFound} />),
      404,
    );
  }
  const theirs = articleToFields(against.article, c.var.site.defaultOffsetMinutes);
  const merged = typedValues(fields);
  for (const group of MERGEABLE_GROUPS) {
    if (fields.get(`_pick[${group}]`) === "theirs") takeGroup(merged, theirs, group);
  }
  const status = fields.get("status");
  if (status !== undefined) merged.set("status", status);
  const { input, rows } = formToArticleInput(merged, "update");
  const result = await updateFromDesk(c, id, version, input);
  return afterWrite(c, result, { articleId: id, version, fields: merged, rows });
});
