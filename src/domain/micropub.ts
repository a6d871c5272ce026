import { deriveSummary } from "../lib/text";
import { formatOffset, parseRfc3339 } from "../lib/time";
import type { ArticleRow, Author, Image } from "./article";
import { articleBodyText } from "./article-text";

// Micropub (W3C Recommendation 2017) h-entry properties ↔ our article fields. Pure functions.

/** Microformats2 property values: strings, {html,value}, {value,alt} or nested h-* objects. */
export type Mf2Value = string | Record<string, unknown>;
export type Mf2Properties = Record<string, Mf2Value[]>;

/** Properties we store; anything else a client sends (location, like-of, …) is ignored. */
export const SUPPORTED_PROPERTIES = [
  "name",
  "content",
  "summary",
  "category",
  "published",
  "photo",
  "author",
  "mp-slug",
  "post-status",
] as const;

/** Which property a field-level validation error came from, to report it in Micropub terms. */
export const FIELD_TO_PROPERTY: Record<string, string> = {
  title: "name",
  body: "content",
  summary: "summary",
  tags: "category",
  publishedAt: "published",
  image: "photo",
  authors: "author",
  slug: "mp-slug",
  status: "post-status",
};

export class MicropubInputError extends Error {
  constructor(
    readonly property: string,
    message: string,
  ) {
    super(message);
  }
}

export interface PhotoRef {
  url: string;
  alt?: string;
}

/** First value of a property as text ({value} objects count), or undefined. */
export function text(props: Mf2Properties, name: string): string | undefined {
  const value = props[name]?.[0];
  if (typeof value === "string") return value;
  if (value && typeof value.value === "string") return value.value;
  return undefined;
}

export function photosOf(props: Mf2Properties): PhotoRef[] {
  return (props.photo ?? []).flatMap((value): PhotoRef[] => {
    if (typeof value === "string") return [{ url: value }];
    if (typeof value.value === "string") {
      return [{ url: value.value, ...(typeof value.alt === "string" ? { alt: value.alt } : {}) }];
    }
    return [];
  });
}

/**
 * The article fields the given properties determine. `clearing` names properties being deleted
 * (update only): their fields are reset. Properties absent from both are left out of the result.
 */
export function fieldsFromProperties(
  props: Mf2Properties,
  options: { now: number; offsetMinutes: number; image: (photo: PhotoRef) => Image; clearing?: string[] },
) {
  const fields: Record<string, unknown> = {};
  const clearing = new Set(options.clearing ?? []);
  if (props.name) fields.title = text(props, "name") ?? "";
  if (clearing.has("name"))
    throw new MicropubInputError("name", "name cannot be deleted: every article has a title");

  if (props.content) {
    fields.body = contentHtml(props.content[0]);
    fields.bodyFormat = "html";
  } else if (clearing.has("content")) fields.body = "";

  if (props.summary) fields.summary = text(props, "summary") ?? "";
  else if (clearing.has("summary")) fields.summary = null;

  if (props.category || clearing.has("category")) fields.tags = categories(props.category ?? []);

  if (props.published)
    fields.publishedAt = normalizeDate(text(props, "published") ?? "", options.offsetMinutes);
  else if (clearing.has("published")) fields.publishedAt = null;

  const photos = photosOf(props);
  if (photos[0]) fields.image = options.image(photos[0]);
  else if (clearing.has("photo")) fields.image = null;

  if (props.author || clearing.has("author")) fields.authors = (props.author ?? []).flatMap(authorOf);
  if (props["mp-slug"]) fields.slug = text(props, "mp-slug");

  const status = text(props, "post-status");
  if (status !== undefined) {
    if (status !== "published" && status !== "draft") {
      throw new MicropubInputError("post-status", 'post-status must be "published" or "draft"');
    }
    fields.status = status;
  }
  if (fields.status === "published" && typeof fields.publishedAt === "string") {
    const at = parseRfc3339(fields.publishedAt);
    if (at && at.ms > options.now) fields.status = "scheduled";
  }
  return fields;
}

/** A create request's fields: Micropub's defaults (published now, a title for untitled notes). */
export function createFields(
  props: Mf2Properties,
  options: Parameters<typeof fieldsFromProperties>[1],
): Record<string, unknown> {
  const fields = fieldsFromProperties({ "post-status": ["published"], ...props }, options);
  if (fields.title === undefined) {
    const source = text(props, "summary") ?? textOf(props.content?.[0]);
    if (!source?.trim()) throw new MicropubInputError("name", "a post needs a name or some content");
    fields.title = deriveSummary(source, 60);
  }
  const extra = photosOf(props).slice(1);
  if (extra.length > 0) {
    // Only one lead image per article: further photos follow the text.
    fields.body = `${(fields.body as string | undefined) ?? ""}${extra.map(imgTag).join("")}`;
    fields.bodyFormat = "html";
  }
  return fields;
}

/** The article as h-entry properties (q=source). */
export function propertiesOf(article: ArticleRow, urls: { post: string; image?: string }): Mf2Properties {
  const props: Mf2Properties = {
    name: [article.title],
    content: [{ html: article.bodyHtml, value: articleBodyText(article) }],
    category: [...article.tags],
    "post-status": [article.status === "draft" ? "draft" : "published"],
    "mp-slug": [article.slug],
    url: [urls.post],
  };
  if (!article.summaryIsDerived) props.summary = [article.summary];
  if (article.publishedAt !== null) {
    props.published = [formatLocal(article.publishedAt, article.publishedOffset ?? 0)];
  }
  if (article.image) {
    const url = urls.image ?? article.image.url;
    props.photo = [article.image.alt ? { value: url, alt: article.image.alt } : url];
  }
  if (article.authors.length > 0) {
    props.author = article.authors.map((a) => ({
      type: ["h-card"],
      properties: { name: [a.name], ...(a.url ? { url: [a.url] } : {}) },
    }));
  }
  return props;
}

function formatLocal(ms: number, offsetMinutes: number): string {
  const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 19);
  return `${local}${formatOffset(offsetMinutes)}`;
}

/** Micropub dates are ISO 8601; ours are RFC 3339 with an offset. A missing offset means the site's. */
export function normalizeDate(value: string, offsetMinutes: number): string {
  const trimmed = value.trim().replace(" ", "T");
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(:\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(trimmed);
  if (!m) return trimmed;
  const seconds = m[2] ?? ":00";
  const zone = m[3] ? m[3].replace(/^([+-]\d{2})(\d{2})$/, "$1:$2") : formatOffset(offsetMinutes);
  return `${m[1]}${seconds}${zone === "z" ? "Z" : zone}`;
}

function contentHtml(value: Mf2Value | undefined): string {
  if (value === undefined) return "";
  if (typeof value === "string") return textToHtml(value);
  if (typeof value.html === "string") return value.html;
  if (typeof value.value === "string") return textToHtml(value.value);
  return "";
}

function textOf(value: Mf2Value | undefined): string | undefined {
  if (typeof value === "string") return value;
  if (value && typeof value.value === "string") return value.value;
  if (value && typeof value.html === "string") return value.html.replace(/<[^>]*>/g, " ");
  return undefined;
}

/** Plain-text content: escaped, blank lines become paragraphs, single newlines line breaks. */
export function textToHtml(value: string): string {
  return value
    .split(/\r?\n\s*\r?\n/)
    .map((para) => para.trim())
    .filter(Boolean)
    .map((para) => `<p>${escapeHtml(para).replace(/\r?\n/g, "<br>")}</p>`)
    .join("");
}

function categories(values: Mf2Value[]): string[] {
  // Person tags (h-card objects) have no place among our topic tags.
  const names = values.filter((v): v is string => typeof v === "string");
  const split = names.length === 1 && names[0]?.includes(",") ? (names[0] ?? "").split(",") : names;
  return split.map((s) => s.trim()).filter(Boolean);
}

function authorOf(value: Mf2Value): Author[] {
  if (typeof value === "string") return value.trim() ? [{ name: value.trim() }] : [];
  const props = value.properties as Mf2Properties | undefined;
  const name = props ? text(props, "name") : typeof value.value === "string" ? value.value : undefined;
  if (!name?.trim()) return [];
  const url = props ? text(props, "url") : undefined;
  return [{ name: name.trim(), ...(url ? { url } : {}) }];
}

function imgTag(photo: PhotoRef): string {
  const alt = photo.alt ? ` alt="${escapeHtml(photo.alt)}"` : ' alt=""';
  return `<p><img src="${escapeHtml(photo.url)}"${alt}></p>`;
}

function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"]/g,
    (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[ch] ?? ch,
  );
}
