// Which fields of an article a desired state would change: the minimal PATCH, or nothing at all.
import { updateArticleSchema } from "../../src/domain/article-input";
import { canonical } from "./api-client";

// What a PATCH may change, in the API's order; a slug is matched on, never patched.
const EDITABLE = Object.keys(updateArticleSchema.shape).filter((key) => key !== "slug");
// Cleared when a declarative source (a Markdown file) no longer has them.
const CLEARED_TO: Record<string, null | []> = {
  subtitle: null,
  summary: null,
  source: null,
  image: null,
  printEdition: null,
  section: [],
  tags: [],
  authors: [],
  editors: [],
};

/**
 * desired: create-shaped fields; current: the editor view from GET. With clearAbsent, fields the
 * desired state lacks are cleared (publishedAt, status and language are kept: absent means "as is").
 */
export function diffArticle(
  desired: Record<string, unknown>,
  current: Record<string, unknown>,
  { clearAbsent }: { clearAbsent: boolean },
): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const field of EDITABLE) {
    let want = desired[field];
    if (want === undefined) {
      if (!clearAbsent || !(field in CLEARED_TO)) continue;
      want = CLEARED_TO[field];
    }
    if (!same(field, want, current)) patch[field] = want;
  }
  return patch;
}

function same(field: string, want: unknown, current: Record<string, unknown>): boolean {
  const have = current[field];
  switch (field) {
    case "summary":
      return want === null || want === ""
        ? Boolean(current.summaryIsDerived)
        : !current.summaryIsDerived && have === want;
    case "subtitle":
      return (want || null) === (have || null);
    case "tags":
      return canonical([...new Set(want as unknown[])]) === canonical(have);
    case "publishedAt":
      return (
        want === have || (typeof want === "string" && typeof have === "string" && sameInstant(want, have))
      );
    default:
      return canonical(want) === canonical(have ?? null);
  }
}

function sameInstant(a: string, b: string): boolean {
  const offset = (s: string) =>
    (/(Z|[+-]\d{2}:\d{2})$/i.exec(s)?.[1] ?? "").toUpperCase().replace("+00:00", "Z");
  return Date.parse(a) === Date.parse(b) && offset(a) === offset(b);
}
