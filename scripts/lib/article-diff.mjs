// Which fields of an article a desired state would change: the minimal PATCH, or nothing at all.
import { canonical } from "./api-client.mjs";

const EDITABLE = [
  "title",
  "subtitle",
  "summary",
  "language",
  "body",
  "bodyFormat",
  "section",
  "tags",
  "authors",
  "editors",
  "source",
  "image",
  "printEdition",
  "publishedAt",
  "status",
];
// Cleared when a declarative source (a Markdown file) no longer has them.
const CLEARED_TO = {
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
export function diffArticle(desired, current, { clearAbsent }) {
  const patch = {};
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

function same(field, want, current) {
  const have = current[field];
  switch (field) {
    case "summary":
      return want === null || want === ""
        ? current.summaryIsDerived
        : !current.summaryIsDerived && have === want;
    case "subtitle":
      return (want || null) === (have || null);
    case "tags":
      return canonical([...new Set(want)]) === canonical(have);
    case "publishedAt":
      return want === have || (want !== null && have !== null && sameInstant(want, have));
    default:
      return canonical(want) === canonical(have ?? null);
  }
}

function sameInstant(a, b) {
  const offset = (s) => (/(Z|[+-]\d{2}:\d{2})$/i.exec(s)?.[1] ?? "").toUpperCase().replace("+00:00", "Z");
  return Date.parse(a) === Date.parse(b) && offset(a) === offset(b);
}
