import { formatOffset } from "../../lib/time";

// The editor form speaks the API's field names; this turns its flat `authors[0][name]` entries into
// the JSON the REST API takes, so the same schema and service judge both.

export type FormFields = ReadonlyMap<string, string>;

export interface FormArticleInput {
  /** JSON for createArticleSchema (mode "create") or updateArticleSchema (mode "update"). */
  input: Record<string, unknown>;
  /** For each repeatable group, the form row index of each array item (empty rows are dropped). */
  rows: { authors: number[]; editors: number[] };
}

const PLAIN_FIELDS = [
  "title",
  "subtitle",
  "summary",
  "language",
  "slug",
  "body",
  "bodyFormat",
  "status",
] as const;
/** Optional fields whose empty value means "none": PATCH clears them with null. */
const CLEARABLE = new Set(["subtitle", "summary"]);

export function formToArticleInput(form: FormFields, mode: "create" | "update"): FormArticleInput {
  const input: Record<string, unknown> = {};
  // Browsers submit textareas with CRLF line ends (HTML's form encoding); the API stores LF.
  const get = (name: string) => (form.get(name) ?? "").replaceAll("\r\n", "\n").trim();
  const absent = mode === "update" ? null : undefined;

  for (const name of PLAIN_FIELDS) {
    const raw = name === "body" ? (form.get(name) ?? "").replaceAll("\r\n", "\n") : get(name);
    if (raw !== "" || name === "title" || name === "body") input[name] = raw;
    else if (CLEARABLE.has(name) && mode === "update") input[name] = null;
  }
  input.section = splitSection(get("section"));
  input.tags = splitTags(get("tags"));

  const authors = rowsOf(form, "authors", ["name", "title", "url"]);
  input.authors = authors.items;
  const editors = rowsOf(form, "editors", ["name"]);
  input.editors = editors.items;

  setGroup(input, "source", objectOf(form, "source", ["name", "url"]), absent);
  setGroup(
    input,
    "printEdition",
    objectOf(form, "printEdition", ["publication", "date", "page", "section"]),
    absent,
  );
  const image = objectOf(form, "image", ["url", "caption", "credit", "alt"]);
  if (image) Object.assign(image, imageNumbers(form));
  if (image && get("image[type]") !== "") image.type = get("image[type]");
  setGroup(input, "image", image, absent);

  const publishedAt = publishedAtOf(
    get("publishedAt[date]"),
    get("publishedAt[time]"),
    get("publishedAt[offset]"),
  );
  if (publishedAt !== null) input.publishedAt = publishedAt;
  else if (mode === "update") input.publishedAt = null;

  return { input, rows: { authors: authors.formRows, editors: editors.formRows } };
}

/** "要闻 › 国内" or "要闻/国内" → ["要闻", "国内"]. */
export function splitSection(value: string): string[] {
  return value
    .split(/\s*(?:›|\/)\s*/)
    .map((level) => level.trim())
    .filter((level) => level !== "");
}

/** Tags separated by ASCII or full-width commas (or the enumeration comma 、). */
export function splitTags(value: string): string[] {
  return value
    .split(/[,，、]/)
    .map((tag) => tag.trim())
    .filter((tag) => tag !== "");
}

/** date YYYY-MM-DD + time HH:MM[:SS] + offset (+08:00, Z) → RFC 3339; null when no date was given. */
export function publishedAtOf(date: string, time: string, offset: string): string | null {
  if (date === "") return null;
  const clock = time === "" ? "00:00:00" : /^\d{2}:\d{2}$/.test(time) ? `${time}:00` : time;
  return `${date}T${clock}${offset === "" ? "Z" : offset}`;
}

/** The form's date, time and offset inputs for a stored instant, in the offset it was written with. */
export function publishedAtParts(ms: number | null, offsetMinutes: number) {
  if (ms === null) return { date: "", time: "", offset: formatOffset(offsetMinutes) };
  const local = new Date(ms + offsetMinutes * 60_000).toISOString();
  return { date: local.slice(0, 10), time: local.slice(11, 19), offset: formatOffset(offsetMinutes) };
}

function rowsOf(form: FormFields, group: string, keys: readonly string[]) {
  const indexes = new Set<number>();
  const pattern = new RegExp(`^${group}\\[(\\d{1,3})\\]\\[[a-zA-Z]+\\]$`);
  for (const name of form.keys()) {
    const m = pattern.exec(name);
    if (m) indexes.add(Number(m[1]));
  }
  const items: Record<string, unknown>[] = [];
  const formRows: number[] = [];
  for (const index of [...indexes].sort((a, b) => a - b)) {
    const row = objectOf(form, `${group}[${index}]`, keys);
    if (!row) continue;
    items.push(row);
    formRows.push(index);
  }
  return { items, formRows };
}

/** The non-empty `prefix[key]` values; null when every one is empty (the editor left the group blank). */
function objectOf(form: FormFields, prefix: string, keys: readonly string[]): Record<string, unknown> | null {
  const value: Record<string, unknown> = {};
  for (const key of keys) {
    const raw = (form.get(`${prefix}[${key}]`) ?? "").trim();
    if (raw !== "") value[key] = raw;
  }
  return Object.keys(value).length > 0 ? value : null;
}

/** Width, height and byte length of an uploaded image ride along as hidden fields. */
function imageNumbers(form: FormFields): Record<string, number> {
  const numbers: Record<string, number> = {};
  for (const key of ["width", "height", "length"]) {
    const raw = (form.get(`image[${key}]`) ?? "").trim();
    if (/^\d{1,10}$/.test(raw)) numbers[key] = Number(raw);
  }
  return numbers;
}

function setGroup(input: Record<string, unknown>, name: string, value: unknown, absent: null | undefined) {
  if (value !== null) input[name] = value;
  else if (absent === null) input[name] = null;
}

/**
 * The form control a problem pointer names: "/authors/0/name" → "authors[<row>][name]", with the
 * row the editor typed in (empty rows were dropped before validation).
 */
export function fieldNameForPointer(pointer: string, rows: FormArticleInput["rows"]): string {
  const parts = pointer
    .split("/")
    .slice(1)
    .map((p) => p.replaceAll("~1", "/").replaceAll("~0", "~"));
  const [top, ...rest] = parts;
  if (top === undefined) return "";
  if (top === "section" || top === "tags" || top === "publishedAt") return top;
  if ((top === "authors" || top === "editors") && rest[0] !== undefined) {
    const row = rows[top][Number(rest[0])] ?? Number(rest[0]);
    return rest[1] ? `${top}[${row}][${rest[1]}]` : `${top}[${row}][name]`;
  }
  if ((top === "source" || top === "image" || top === "printEdition") && rest[0] === undefined) {
    return `${top}[${top === "printEdition" ? "date" : top === "image" ? "url" : "name"}]`;
  }
  return rest[0] ? `${top}[${rest[0]}]` : top;
}
