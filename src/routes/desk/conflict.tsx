import { findDeskRevision } from "../../db/desk-revisions";
import { type ArticleRow, isPubliclyVisible } from "../../domain/article";
import { hasScope } from "../../domain/token-scope";
import { formatRfc3339 } from "../../lib/time";
import { ConflictPage } from "../../render/desk/conflict-page";
import { renderDeskDocument } from "../../render/desk/desk-layout";
import { articleToFields } from "./article-fields";
import { chromeFor } from "./chrome";
import {
  differingGroups,
  type FieldGroup,
  groupLabel,
  groupOfControl,
  groupText,
  MERGEABLE_GROUPS,
} from "./conflict-fields";
import type { EditorState } from "./editor-state";
import { renderEditor } from "./editor-view";
import type { DeskContext } from "./guard";

/**
 * A save against a newer version: both sides field by field for every field where what the editor
 * typed differs from the current version, each with "keep mine" / "take theirs", and everything
 * typed carried in hidden inputs, so resolving (POST …/resolve) saves against the current version.
 */
export async function renderConflict(c: DeskContext, opened: EditorState, current: ArticleRow) {
  const mayReadDrafts = hasScope(c.var.token, "drafts:read");
  if (!mayReadDrafts && !isPubliclyVisible(current, c.var.now)) {
    // Nothing of an article this token may not read: the typed text stays, with a plain notice.
    return renderEditor(c, { ...opened, notice: { kind: "error", text: c.var.strings.conflict } }, 409);
  }
  const s = c.var.strings;
  const offset = c.var.site.defaultOffsetMinutes;
  const typed = typedValues(opened.fields);
  const theirs = articleToFields(current, offset);
  const [base, latest] = await Promise.all([
    mayReadDrafts && opened.version ? findDeskRevision(c.var.db, current.id, opened.version) : null,
    findDeskRevision(c.var.db, current.id, current.version),
  ]);
  const baseFields = base ? articleToFields(base.article, offset) : null;
  const theyChanged = baseFields ? new Set(differingGroups(baseFields, theirs, MERGEABLE_GROUPS)) : null;
  const iChanged = baseFields ? new Set(differingGroups(baseFields, typed, MERGEABLE_GROUPS)) : null;
  const noteFor = (g: FieldGroup) => {
    if (!theyChanged || !iChanged) return undefined;
    if (theyChanged.has(g) && iChanged.has(g)) return s.changedByBoth;
    return theyChanged.has(g) ? s.changedByThem : iChanged.has(g) ? s.changedByYou : undefined;
  };
  const fields = differingGroups(typed, theirs, MERGEABLE_GROUPS).map((g) => ({
    name: g,
    label: groupLabel(g, s),
    left: groupText(typed, g, s),
    right: groupText(theirs, g, s),
    note: noteFor(g),
    // Only they touched it: keeping "mine" would silently undo their change.
    defaultPick: theyChanged?.has(g) && !iChanged?.has(g) ? ("theirs" as const) : ("mine" as const),
  }));
  const page = (
    <ConflictPage
      chrome={chromeFor(c)}
      articleId={current.id}
      title={typed.get("title") || current.title}
      openedVersion={opened.version ?? 0}
      current={{
        version: current.version,
        savedBy: latest?.tokenName ?? s.unknownWriter,
        savedAt: formatRfc3339(current.updatedAt, offset).slice(0, 16).replace("T", " "),
      }}
      fields={fields}
      theyChanged={theyChanged ? [...theyChanged].map((g) => groupLabel(g, s)) : null}
      typed={typed}
      canPublish={hasScope(c.var.token, "articles:publish")}
    />
  );
  return c.html(renderDeskDocument(page), 409);
}

/** The article's form values only: no form token, version, picks or pressed button. */
export function typedValues(fields: ReadonlyMap<string, string>): Map<string, string> {
  const typed = new Map<string, string>();
  for (const [name, value] of fields) {
    const group = groupOfControl(name);
    if (group && group !== "status") typed.set(name, value);
  }
  return typed;
}
