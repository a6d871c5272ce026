import { canonicalJson } from "../../lib/canonical-json";
import type { DeskStrings } from "../../render/desk/strings";
import { type FormFields, formToArticleInput } from "./form-input";

// The article as the desk compares it: field groups (one per API field), each judged by the JSON
// the API would receive, so "要闻/地方" and "要闻 › 地方" or CRLF and LF bodies count as the same.

export const FIELD_GROUPS = [
  "title",
  "subtitle",
  "summary",
  "section",
  "tags",
  "authors",
  "editors",
  "publishedAt",
  "source",
  "image",
  "printEdition",
  "language",
  "slug",
  "status",
  "bodyFormat",
  "body",
] as const;

export type FieldGroup = (typeof FIELD_GROUPS)[number];

/** A conflict does not offer status: the button the editor presses on the conflict page decides. */
export const MERGEABLE_GROUPS = FIELD_GROUPS.filter((g) => g !== "status");

export function isFieldGroup(value: string): value is FieldGroup {
  return (FIELD_GROUPS as readonly string[]).includes(value);
}

/** `authors[0][name]` → "authors"; `title` → "title"; null for `_csrf`, `version` and the like. */
export function groupOfControl(name: string): FieldGroup | null {
  const top = name.split("[", 1)[0] ?? "";
  return isFieldGroup(top) ? top : null;
}

/** The groups whose content differs between two sets of form values. */
export function differingGroups(
  a: FormFields,
  b: FormFields,
  groups: readonly FieldGroup[] = FIELD_GROUPS,
): FieldGroup[] {
  const left = comparable(a);
  const right = comparable(b);
  return groups.filter((g) => left[g] !== right[g]);
}

/** Replaces every control of `group` in `target` with the ones `source` has. */
export function takeGroup(target: Map<string, string>, source: FormFields, group: FieldGroup) {
  for (const name of [...target.keys()]) if (groupOfControl(name) === group) target.delete(name);
  for (const [name, value] of source) if (groupOfControl(name) === group) target.set(name, value);
}

/** A group as plain text for the side-by-side view and the text diff (one item per line). */
export function groupText(fields: FormFields, group: FieldGroup, s: DeskStrings): string {
  const value = apiInput(fields)[group];
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return group === "status" ? statusLabel(value, s) : value;
  if (group === "section") return (value as string[]).join(" › ");
  if (group === "tags") return (value as string[]).join("，");
  if (Array.isArray(value)) {
    return value.map((row) => Object.values(row as Record<string, unknown>).join(" · ")).join("\n");
  }
  return Object.entries(value as Record<string, unknown>)
    .map(([key, v]) => `${key}: ${v}`)
    .join("\n");
}

export function groupLabel(group: FieldGroup, s: DeskStrings): string {
  return group === "language" ? s.languageTag : s[group];
}

function statusLabel(status: string, s: DeskStrings): string {
  return status === "draft" || status === "scheduled" || status === "published" ? s[status] : status;
}

function apiInput(fields: FormFields): Record<string, unknown> {
  const input = formToArticleInput(fields, "update").input;
  if (typeof input.body === "string") input.body = input.body.replaceAll("\r\n", "\n");
  return input;
}

function comparable(fields: FormFields): Record<FieldGroup, string> {
  const input = apiInput(fields);
  const out = {} as Record<FieldGroup, string>;
  for (const g of FIELD_GROUPS) out[g] = canonicalJson(input[g] ?? null);
  return out;
}
