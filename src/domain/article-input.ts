import * as z from "zod";
import { stripXmlInvalid } from "../lib/text";
import { isValidFullDate, parseRfc3339 } from "../lib/time";
import { ARTICLE_STATUSES } from "./article";
import { HIDDEN_CHARACTERS_MESSAGE, hasHiddenCharacters, normalizeName } from "./names";

// Every string that enters the store loses the characters XML cannot carry, so no feed can break later.
const cleanText = (max: number) =>
  z
    .string()
    .max(max)
    .transform((s) => stripXmlInvalid(s).trim());

const requiredText = (max: number) =>
  cleanText(max).refine((s) => s.length > 0, { message: "must not be empty" });

const SAFE_URL_SCHEMES = new Set(["http:", "https:"]);

// The URL parser drops leading controls ("\x01javascript:" parses) but the stored string keeps them.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const URL_UNSAFE_CHARS = /[\s\x00-\x1f\x7f]/;

/** Absolute http(s) URL, or a root-relative path on this site (e.g. /media/…). */
const webUrl = z
  .string()
  .max(2048)
  .refine(
    (value) => {
      if (URL_UNSAFE_CHARS.test(value) || stripXmlInvalid(value) !== value) return false;
      if (/^\/(?!\/)/.test(value)) return !value.includes("\\");
      try {
        return SAFE_URL_SCHEMES.has(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { message: "must be an absolute http(s) URL or a path starting with /" },
  );

const rfc3339 = z
  .string()
  .max(40)
  .refine((value) => parseRfc3339(value) !== null, {
    message: "must be an RFC 3339 date-time with an offset, e.g. 2020-12-09T09:50:37+08:00",
  });

// Names become scope keys and URL path segments (encoded by src/feeds/urls.ts, so any text routes).
const nameText = (max: number) =>
  z
    .string()
    .max(max)
    .transform((s) => normalizeName(stripXmlInvalid(s)).trim())
    .refine((s) => s.length > 0, { message: "must not be empty", abort: true })
    .refine((s) => !hasHiddenCharacters(s), { message: HIDDEN_CHARACTERS_MESSAGE });

// A section's scope key joins its levels with "/", so one level cannot contain it.
const sectionLevel = nameText(100).refine((s) => !s.includes("/"), {
  message: "must not contain '/': each breadcrumb level is its own array item",
});

export const MAX_SECTION_LEVELS = 8;

const uniqueNames = (names: string[]) => [...new Set(names)];

export const authorSchema = z.strictObject({
  name: nameText(200),
  title: cleanText(300).optional(),
  url: webUrl.optional(),
});

export const editorSchema = z.strictObject({ name: nameText(200) });

export const sourceSchema = z.strictObject({ name: requiredText(300), url: webUrl.optional() });

export const imageSchema = z.strictObject({
  url: webUrl,
  caption: cleanText(2000).optional(),
  credit: cleanText(300).optional(),
  alt: cleanText(1000).optional(),
  width: z.int().min(1).max(100_000).optional(),
  height: z.int().min(1).max(100_000).optional(),
  type: z
    .string()
    .regex(/^image\/[a-z0-9.+-]+$/, { message: "must be an image MIME type" })
    .optional(),
  length: z.int().min(0).max(1_000_000_000).optional(),
});

export const printEditionSchema = z.strictObject({
  publication: cleanText(300).optional(),
  date: z.string().refine(isValidFullDate, { message: "must be a full date YYYY-MM-DD" }),
  page: requiredText(20),
  section: cleanText(100).optional(),
});

export const SLUG_PATTERN = /^(?!\d+$)[\p{Ll}\p{Lo}\p{N}]+(?:-[\p{Ll}\p{Lo}\p{N}]+)*$/u;

export const slugSchema = z
  .string()
  .min(1)
  .max(120)
  .overwrite(normalizeName)
  .regex(SLUG_PATTERN, {
    message: "must be lowercase letters or digits in words joined by single hyphens, and not only digits",
  })
  .refine((s) => !hasHiddenCharacters(s), { message: HIDDEN_CHARACTERS_MESSAGE });

/**
 * A source's permanent id for an imported article (RSS guid, Atom id, JSON Feed id). It becomes the
 * article's own feed id, so it must be an absolute URI: Atom requires its ids to be IRIs.
 */
export const guidSchema = z
  .string()
  .min(1)
  .max(500)
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point.
  .regex(/^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s\x00-\x1f\x7f]+$/, {
    message: "must be an absolute URI such as https://old.example.com/?p=123 or urn:uuid:…",
    abort: true,
  })
  .refine((s) => stripXmlInvalid(s) === s, { message: "must not contain characters XML cannot carry" });

export const languageSchema = z
  .string()
  .max(35)
  .regex(/^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{1,8})*$/, { message: "must be a BCP 47 language tag, e.g. zh-CN" });

const fields = {
  title: requiredText(500),
  subtitle: cleanText(1000),
  summary: cleanText(2000),
  language: languageSchema,
  body: z.string().max(500_000),
  bodyFormat: z.enum(["html", "markdown"]),
  section: z.array(sectionLevel).max(MAX_SECTION_LEVELS),
  tags: z.array(nameText(100)).max(50).transform(uniqueNames),
  authors: z.array(authorSchema).max(30),
  editors: z.array(editorSchema).max(30),
  source: sourceSchema,
  image: imageSchema,
  printEdition: printEditionSchema,
  publishedAt: rfc3339,
  status: z.enum(ARTICLE_STATUSES),
  slug: slugSchema,
};

export const createArticleSchema = z.strictObject({
  title: fields.title,
  subtitle: fields.subtitle.optional(),
  summary: fields.summary.optional(),
  language: fields.language.optional(),
  body: fields.body.default(""),
  bodyFormat: fields.bodyFormat.default("html"),
  section: fields.section.default([]),
  tags: fields.tags.default([]),
  authors: fields.authors.default([]),
  editors: fields.editors.default([]),
  source: fields.source.optional(),
  image: fields.image.optional(),
  printEdition: fields.printEdition.optional(),
  publishedAt: fields.publishedAt.optional(),
  status: fields.status.default("draft"),
  slug: fields.slug.optional(),
  guid: guidSchema.optional(),
});

// PATCH: every field optional; null clears an optional field.
export const updateArticleSchema = z
  .strictObject({
    title: fields.title.optional(),
    subtitle: fields.subtitle.nullable().optional(),
    summary: fields.summary.nullable().optional(),
    language: fields.language.optional(),
    body: fields.body.optional(),
    bodyFormat: fields.bodyFormat.optional(),
    section: fields.section.optional(),
    tags: fields.tags.optional(),
    authors: fields.authors.optional(),
    editors: fields.editors.optional(),
    source: fields.source.nullable().optional(),
    image: fields.image.nullable().optional(),
    printEdition: fields.printEdition.nullable().optional(),
    publishedAt: fields.publishedAt.nullable().optional(),
    status: fields.status.optional(),
    slug: fields.slug.optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: "must change at least one field" });

export type CreateArticleInput = z.output<typeof createArticleSchema>;
export type UpdateArticleInput = z.output<typeof updateArticleSchema>;
