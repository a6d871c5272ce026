import { MarkdownTooDeepError, markdownToHtml } from "../lib/markdown";
import { problem, validationProblem } from "../lib/problem";
import { HtmlTooDeepError, type SanitizerChange, sanitizeHtmlWithChanges } from "../lib/sanitize-html";
import type { SiteConfig } from "../lib/site";
import { deriveSummary, htmlToText } from "../lib/text";
import { formatRfc3339, parseRfc3339 } from "../lib/time";
import { type ArticleRow, editorSource } from "./article";
import type { CreateArticleInput, UpdateArticleInput } from "./article-input";

/** The columns an editor's input determines (everything but identity, clocks and bookkeeping). */
export type ArticleContent = Pick<
  ArticleRow,
  | "status"
  | "title"
  | "subtitle"
  | "summary"
  | "summaryIsDerived"
  | "language"
  | "bodySource"
  | "bodyFormat"
  | "bodyHtml"
  | "section"
  | "tags"
  | "authors"
  | "editors"
  | "source"
  | "image"
  | "printEdition"
  | "publishedAt"
  | "publishedOffset"
>;

/**
 * D1 refuses any string or row over 2,000,000 bytes (SQLITE_TOOBIG). The largest values we write are the
 * article row and a revision's undo (at worst every content column of the previous version,
 * JSON-escaped); the margin covers the server-managed fields.
 */
export const MAX_STORED_ROW_BYTES = 2_000_000 - 16_384;

/** `sanitizerChanges`, when given, receives what the sanitizer removed or added in the body. */
export function contentFromCreate(
  input: CreateArticleInput,
  site: SiteConfig,
  now: number,
  sanitizerChanges?: SanitizerChange[],
): ArticleContent {
  const body = renderBody(input.body, input.bodyFormat, sanitizerChanges);
  const published = resolvePublishedAt(input.publishedAt ?? null, input.status, site, now);
  return assertStorable({
    status: input.status,
    title: input.title,
    subtitle: emptyToNull(input.subtitle),
    ...summaryFor(input.summary, body.text),
    language: input.language ?? site.language,
    bodySource: input.bodyFormat === "markdown" ? input.body : null,
    bodyFormat: input.bodyFormat,
    bodyHtml: body.html,
    section: input.section,
    tags: dedupe(input.tags),
    authors: input.authors,
    editors: input.editors,
    source: input.source ?? null,
    image: input.image ?? null,
    printEdition: input.printEdition ?? null,
    ...published,
  });
}

/** Merge-patch: absent keys keep their value, null clears, derived fields follow their sources. */
export function contentFromPatch(
  current: ArticleRow,
  patch: UpdateArticleInput,
  site: SiteConfig,
  now: number,
  sanitizerChanges?: SanitizerChange[],
): ArticleContent {
  const bodyFormat = patch.bodyFormat ?? current.bodyFormat;
  const bodyChanged = patch.body !== undefined || patch.bodyFormat !== undefined;
  const body = bodyChanged
    ? renderBody(patch.body ?? editorSource(current), bodyFormat, sanitizerChanges)
    : { html: current.bodyHtml, text: htmlToText(current.bodyHtml) };
  const status = patch.status ?? current.status;
  const publishedInput =
    patch.publishedAt === undefined
      ? current.publishedAt === null
        ? null
        : formatRfc3339(current.publishedAt, current.publishedOffset ?? 0)
      : patch.publishedAt;
  const summary =
    patch.summary === undefined
      ? current.summaryIsDerived
        ? summaryFor(undefined, body.text)
        : { summary: current.summary, summaryIsDerived: false }
      : summaryFor(patch.summary ?? undefined, body.text);
  return assertStorable({
    status,
    title: patch.title ?? current.title,
    subtitle: patch.subtitle === undefined ? current.subtitle : emptyToNull(patch.subtitle ?? undefined),
    ...summary,
    language: patch.language ?? current.language,
    bodySource: bodyFormat === "markdown" ? (patch.body ?? editorSource(current)) : null,
    bodyFormat,
    bodyHtml: body.html,
    section: patch.section ?? current.section,
    tags: patch.tags ? dedupe(patch.tags) : current.tags,
    authors: patch.authors ?? current.authors,
    editors: patch.editors ?? current.editors,
    source: patch.source === undefined ? current.source : patch.source,
    image: patch.image === undefined ? current.image : patch.image,
    printEdition: patch.printEdition === undefined ? current.printEdition : patch.printEdition,
    ...resolvePublishedAt(publishedInput, status, site, now),
  });
}

function renderBody(source: string, format: "html" | "markdown", changes?: SanitizerChange[]) {
  try {
    const sanitized = sanitizeHtmlWithChanges(format === "markdown" ? markdownToHtml(source) : source);
    changes?.push(...sanitized.changes);
    return { html: sanitized.html, text: htmlToText(sanitized.html) };
  } catch (err) {
    if (!(err instanceof MarkdownTooDeepError || err instanceof HtmlTooDeepError)) throw err;
    throw problem(validationProblem([{ pointer: "/body", detail: err.message }]));
  }
}

const utf8 = new TextEncoder();

/** Escaping grows a body ("<" is stored as "&lt;", CJK as 3 bytes): measure what will be written. */
function assertStorable(content: ArticleContent): ArticleContent {
  const bytes = utf8.encode(JSON.stringify(content)).byteLength;
  if (bytes <= MAX_STORED_ROW_BYTES) return content;
  throw problem({
    status: 413,
    type: "payload-too-large",
    title: "The article is too large to store",
    detail: `Stored with its rendered HTML, the article takes ${bytes} bytes; the limit is ${MAX_STORED_ROW_BYTES}.`,
    errors: [{ pointer: "/body", detail: "is too large once rendered and escaped" }],
  });
}

function summaryFor(given: string | undefined, bodyText: string) {
  if (given) return { summary: given, summaryIsDerived: false };
  return { summary: deriveSummary(bodyText), summaryIsDerived: true };
}

/** Publishing without a time means "now", written in the site's local offset. */
function resolvePublishedAt(
  value: string | null,
  status: ArticleRow["status"],
  site: SiteConfig,
  now: number,
) {
  if (value !== null) {
    const parsed = parseRfc3339(value);
    if (parsed) return { publishedAt: parsed.ms, publishedOffset: parsed.offsetMinutes };
  }
  if (status === "published") return { publishedAt: now, publishedOffset: site.defaultOffsetMinutes };
  return { publishedAt: null, publishedOffset: null };
}

function emptyToNull(value: string | undefined): string | null {
  return value ? value : null;
}

function dedupe(values: string[]): string[] {
  return [...new Set(values)];
}

/** Auto slug: the local publication (or creation) date plus a short random suffix; CJK titles don't transliterate. */
export function generateSlug(content: ArticleContent, site: SiteConfig, now: number): string {
  const instant = content.publishedAt ?? now;
  const offset = content.publishedOffset ?? site.defaultOffsetMinutes;
  const date = formatRfc3339(instant, offset).slice(0, 10);
  const alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
  const suffix = [...crypto.getRandomValues(new Uint8Array(6))]
    .map((b) => alphabet[b % alphabet.length])
    .join("");
  return `${date}-${suffix}`;
}
