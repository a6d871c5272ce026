// Markdown with YAML front matter → an editor API article. YAML 1.2 core schema (the `yaml`
// package's default): dates stay strings, so "2020-12-09T09:50:37+08:00" keeps its offset.
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { createArticleSchema, SLUG_PATTERN } from "../../src/domain/article-input";

type Mapping = Record<string, unknown>;

/**
 * The create-shaped article a file describes. Loosely typed on purpose: values pass through as the
 * author wrote them and the editor API's validation answers for them (422 with a field pointer).
 */
export interface MarkdownArticle {
  slug: string;
  body: string;
  bodyFormat: string;
  image?: Mapping;
  status?: string;
  guid?: string;
  [field: string]: unknown;
}

export class FrontMatterError extends Error {}

const ALIASES: Record<string, string> = {
  lang: "language",
  author: "authors",
  editor: "editors",
  tag: "tags",
  category: "tags",
  categories: "tags",
  published_at: "publishedAt",
  published: "publishedAt",
  date: "publishedAt",
  print_edition: "printEdition",
  body_format: "bodyFormat",
  format: "bodyFormat",
};
// Exactly the fields the editor API's create accepts; the body is the Markdown under the front matter.
const FIELDS = new Set(Object.keys(createArticleSchema.shape).filter((key) => key !== "body"));

/** Splits `---\nYAML\n---\nbody`; a file without front matter is all body. */
export function splitFrontMatter(text: string): { yaml: string; body: string } {
  const source = text.replace(/^\uFEFF/, "");
  const m = /^---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(source);
  if (!m) return { yaml: "", body: source };
  return { yaml: m[1] ?? "", body: source.slice(m[0].length).replace(/^\r?\n/, "") };
}

/**
 * The article a file describes. `image` may name a local file (relative to the Markdown file):
 * it is returned as imageFile for the caller to upload.
 */
export function articleFromMarkdown(
  text: string,
  file: string,
  { draft = false } = {},
): { article: MarkdownArticle; imageFile: string | null } {
  const { yaml, body } = splitFrontMatter(text);
  let data: unknown;
  try {
    data = yaml.trim() ? parseYaml(yaml) : {};
  } catch (err) {
    throw new FrontMatterError(`front matter is not valid YAML: ${(err as Error).message.split("\n")[0]}`);
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    throw new FrontMatterError("front matter must be a YAML mapping (key: value lines)");
  }
  const fields: Mapping = {};
  for (const [rawKey, value] of Object.entries(data)) {
    const key = ALIASES[rawKey] ?? rawKey;
    if (!FIELDS.has(key)) {
      throw new FrontMatterError(`unknown front matter key "${rawKey}" (known: ${[...FIELDS].join(", ")})`);
    }
    if (value !== null && value !== undefined) fields[key] = value;
  }

  const article: Mapping = {};
  for (const key of ["title", "subtitle", "summary", "language", "status", "guid", "bodyFormat"]) {
    if (fields[key] !== undefined) article[key] = scalar(fields[key], key);
  }
  if (fields.publishedAt !== undefined) article.publishedAt = dateString(fields.publishedAt);
  if (fields.section !== undefined)
    article.section = list(fields.section, "/").map((s) => scalar(s, "section"));
  if (fields.tags !== undefined) article.tags = list(fields.tags, ",").map((s) => scalar(s, "tags"));
  if (fields.authors !== undefined) article.authors = list(fields.authors).map((a) => person(a, "authors"));
  if (fields.editors !== undefined)
    article.editors = list(fields.editors).map((e) => ({ name: person(e, "editors").name }));
  if (fields.source !== undefined)
    article.source =
      typeof fields.source === "object" ? mapping(fields.source) : { name: scalar(fields.source) };
  if (fields.printEdition !== undefined) article.printEdition = printEdition(fields.printEdition);

  let imageFile: string | null = null;
  if (fields.image !== undefined) {
    const image =
      typeof fields.image === "object" ? mapping(fields.image) : { url: scalar(fields.image, "image") };
    if (image.src && !image.url) image.url = image.src;
    if (image.path && !image.url) image.url = image.path;
    delete image.src;
    delete image.path;
    if (
      typeof image.url === "string" &&
      !/^(?:https?:)?\/\//i.test(image.url) &&
      !image.url.startsWith("/")
    ) {
      imageFile = path.resolve(path.dirname(file), image.url);
    }
    article.image = image;
  }

  const slug =
    fields.slug !== undefined ? scalar(fields.slug, "slug") : path.basename(file).replace(/\.[^.]*$/, "");
  if (!SLUG_PATTERN.test(slug)) {
    throw new FrontMatterError(
      `"${slug}" is not a valid slug (lowercase words joined by single hyphens): set slug: in the front matter`,
    );
  }
  const result: MarkdownArticle = {
    ...article,
    body,
    bodyFormat: typeof article.bodyFormat === "string" ? article.bodyFormat : "markdown",
    slug,
  };
  if (draft) result.status = "draft";
  return { article: result, imageFile };
}

function scalar(value: unknown, key?: string): string {
  if (typeof value === "string") return value.trim();
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw new FrontMatterError(`${key} must be text, not ${Array.isArray(value) ? "a list" : "a mapping"}`);
}

function list(value: unknown, separator?: string): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === "string" && separator) {
    return value
      .split(separator)
      .map((s) => s.trim())
      .filter(Boolean);
  }
  return [value];
}

function mapping(value: unknown): Mapping {
  if (Array.isArray(value)) throw new FrontMatterError("expected a mapping, got a list");
  return Object.fromEntries(
    Object.entries(value as Mapping).map(([k, v]) => [k, typeof v === "string" ? v.trim() : v]),
  );
}

/** "林晓舟", or {name, title, url}. */
function person(value: unknown, key: string): Mapping {
  if (value && typeof value === "object") return mapping(value);
  return { name: scalar(value, key) };
}

function printEdition(value: unknown): Mapping {
  const edition = mapping(value);
  if (edition.page !== undefined) edition.page = String(edition.page);
  if (edition.date instanceof Date) edition.date = edition.date.toISOString().slice(0, 10);
  return edition;
}

function dateString(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  return scalar(value, "publishedAt");
}
