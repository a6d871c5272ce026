// Revisions are stored backwards: the article row is the newest version, and each revision row
// keeps only what turns its version back into the one before (the "undo"). An edit of one
// paragraph then costs that paragraph, not another copy of the whole article.
import { applyTextPatch, type TextPatch, textPatch } from "../lib/text-patch";
import type { ArticleRow } from "./article";

type StoredField = Exclude<keyof ArticleRow, "id">;

export interface RevisionUndo {
  /** Fields whose earlier value is stored whole. */
  set?: Partial<Record<StoredField, unknown>>;
  /** Long text fields stored as an edit script from the later value to the earlier one. */
  patch?: Partial<Record<StoredField, TextPatch>>;
}

// Below this a field is cheaper to store whole than as an edit script.
const PATCH_MIN_CHARS = 256;

/** What turns `after` back into `before` (two consecutive versions of one article). */
export function undoOf(after: ArticleRow, before: ArticleRow): RevisionUndo {
  const set: Partial<Record<StoredField, unknown>> = {};
  const patch: Partial<Record<StoredField, TextPatch>> = {};
  for (const field of Object.keys(before) as (keyof ArticleRow)[]) {
    if (field === "id") continue;
    const earlier = before[field];
    const later = after[field];
    if (JSON.stringify(earlier) === JSON.stringify(later)) continue;
    if (isLongText(later) && isLongText(earlier)) {
      const script = textPatch(later, earlier);
      // Checked once here, so a reader can trust every stored script; a script longer than the text
      // (a rewrite in many small pieces) would only cost more, and could outgrow D1's row limit.
      if (JSON.stringify(script).length < earlier.length && applyTextPatch(later, script) === earlier) {
        patch[field] = script;
        continue;
      }
    }
    set[field] = earlier;
  }
  return {
    ...(Object.keys(set).length > 0 ? { set } : {}),
    ...(Object.keys(patch).length > 0 ? { patch } : {}),
  };
}

/** The version before `after`, given the undo stored with `after`'s revision. */
export function applyUndo(after: ArticleRow, undo: RevisionUndo): ArticleRow {
  const before = { ...after, ...undo.set } as ArticleRow;
  for (const [field, script] of Object.entries(undo.patch ?? {}) as [StoredField, TextPatch][]) {
    const later = after[field];
    if (typeof later !== "string") throw new Error(`revision undo patches non-text field ${field}`);
    (before as unknown as Record<string, unknown>)[field] = applyTextPatch(later, script);
  }
  return before;
}

function isLongText(value: unknown): value is string {
  return typeof value === "string" && value.length >= PATCH_MIN_CHARS;
}
