import { markdownToHtml } from "../lib/markdown";
import { sanitizeHtml } from "../lib/sanitize-html";
import type { SiteConfig } from "../lib/site";
import { deriveSummary, htmlToText } from "../lib/text";
import { formatRfc3339, parseRfc3339 } from "../lib/time";
import type { ArticleRow } from "./article";
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
  | "bodyText"
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

export function contentFromCreate(input: CreateArticleInput, site: SiteConfig, now: number): ArticleContent {
  const body = renderBody(input.body, input.bodyFormat);
  const published = resolvePublishedAt(input.publishedAt ?? null, input.status, site, now);
  return {
    status: input.status,
    title: input.title,
    subtitle: emptyToNull(input.subtitle),
    ...summaryFor(input.summary, body.text),
    language: input.language ?? site.language,
    bodySource: input.bodyFormat === "markdown" ? input.body : body.html,
    bodyFormat: input.bodyFormat,
    bodyHtml: body.html,
    bodyText: body.text,
    section: input.section,
    tags: dedupe(input.tags),
    authors: input.authors,
    editors: input.editors,
    source: input.source ?? null,
    image: input.image ?? null,
    printEdition: input.printEdition ?? null,
    ...published,
  };
}

/** Merge-patch: absent keys keep their value, null clears, derived fields follow their sources. */
export function contentFromPatch(
  current: ArticleRow,
  patch: UpdateArticleInput,
  site: SiteConfig,
  now: number,
): ArticleContent {
  const bodyFormat = patch.bodyFormat ?? current.bodyFormat;
  const bodyChanged = patch.body !== undefined || patch.bodyFormat !== undefined;
  const body = bodyChanged
    ? renderBody(patch.body ?? current.bodySource, bodyFormat)
    : { html: current.bodyHtml, text: current.bodyText };
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
  return {
    status,
    title: patch.title ?? current.title,
    subtitle: patch.subtitle === undefined ? current.subtitle : emptyToNull(patch.subtitle ?? undefined),
    ...summary,
    language: patch.language ?? current.language,
    bodySource: bodyFormat === "markdown" ? (patch.body ?? current.bodySource) : body.html,
    bodyFormat,
    bodyHtml: body.html,
    bodyText: body.text,
    section: patch.section ?? current.section,
    tags: patch.tags ? dedupe(patch.tags) : current.tags,
    authors: patch.authors ?? current.authors,
    editors: patch.editors ?? current.editors,
    source: patch.source === undefined ? current.source : patch.source,
    image: patch.image === undefined ? current.image : patch.image,
    printEdition: patch.printEdition === undefined ? current.printEdition : patch.printEdition,
    ...resolvePublishedAt(publishedInput, status, site, now),
  };
}

function renderBody(source: string, format: "html" | "markdown") {
  const html = sanitizeHtml(format === "markdown" ? markdownToHtml(source) : source);
  return { html, text: htmlToText(html) };
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
