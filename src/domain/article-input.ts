import * as z from "zod/mini";
import "../lib/zod-english";
import { stripXmlInvalid } from "../lib/text";
import { isValidFullDate, parseRfc3339 } from "../lib/time";
import { ARTICLE_STATUSES } from "./article";
import { HIDDEN_CHARACTERS_MESSAGE, hasHiddenCharacters, normalizeName } from "./names";

// Every string that enters the store loses the characters XML cannot carry, so no feed can break later.
const cleanText = (max: number) =>
  z.pipe(
    z.string().check(z.maxLength(max)),
    z.transform((s: string) => stripXmlInvalid(s).trim()),
  );

const requiredText = (max: number) =>
  cleanText(max).check(z.refine((s) => s.length > 0, { message: "must not be empty" }));

const SAFE_URL_SCHEMES = new Set(["http:", "https:"]);

// The URL parser drops leading controls ("\x01javascript:" parses) but the stored string keeps them.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const URL_UNSAFE_CHARS = /[\s\x00-\x1f\x7f]/;

/** Absolute http(s) URL, or a root-relative path on this site (e.g. /media/…). */
const webUrl = z.string().check(
  z.maxLength(2048),
  z.refine(
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
  ),
);

const rfc3339 = z.string().check(
  z.maxLength(40),
  z.refine((value) => parseRfc3339(value) !== null, {
    message: "must be an RFC 3339 date-time with an offset, e.g. 2020-12-09T09:50:37+08:00",
  }),
);

// Names become scope keys and URL path segments (encoded by src/feeds/urls.ts, so any text routes).
const nameText = (max: number) =>
  z
    .pipe(
      z.string().check(z.maxLength(max)),
      z.transform((s: string) => normalizeName(stripXmlInvalid(s)).trim()),
    )
    .check(
      z.refine((s) => s.length > 0, { message: "must not be empty", abort: true }),
      z.refine((s) => !hasHiddenCharacters(s), { message: HIDDEN_CHARACTERS_MESSAGE }),
    );

// A section's scope key joins its levels with "/", so one level cannot contain it.
const sectionLevel = nameText(100).check(
  z.refine((s) => !s.includes("/"), {
    message: "must not contain '/': each breadcrumb level is its own array item",
  }),
);

export const MAX_SECTION_LEVELS = 8;

const uniqueNames = (names: string[]) => [...new Set(names)];

export const authorSchema = z.strictObject({
  name: nameText(200),
  title: z.optional(cleanText(300)),
  url: z.optional(webUrl),
});

export const editorSchema = z.strictObject({ name: nameText(200) });

export const sourceSchema = z.strictObject({ name: requiredText(300), url: z.optional(webUrl) });

export const imageSchema = z.strictObject({
  url: webUrl,
  caption: z.optional(cleanText(2000)),
  credit: z.optional(cleanText(300)),
  alt: z.optional(cleanText(1000)),
  width: z.optional(z.int().check(z.minimum(1), z.maximum(100_000))),
  height: z.optional(z.int().check(z.minimum(1), z.maximum(100_000))),
  type: z.optional(
    z.string().check(z.regex(/^image\/[a-z0-9.+-]+$/, { message: "must be an image MIME type" })),
  ),
  length: z.optional(z.int().check(z.minimum(0), z.maximum(1_000_000_000))),
});

export const printEditionSchema = z.strictObject({
  publication: z.optional(cleanText(300)),
  date: z.string().check(z.refine(isValidFullDate, { message: "must be a full date YYYY-MM-DD" })),
  page: requiredText(20),
  section: z.optional(cleanText(100)),
});

export const SLUG_PATTERN = /^(?!\d+$)[\p{Ll}\p{Lo}\p{N}]+(?:-[\p{Ll}\p{Lo}\p{N}]+)*$/u;

export const slugSchema = z.string().check(
  z.minLength(1),
  z.maxLength(120),
  z.overwrite(normalizeName),
  z.regex(SLUG_PATTERN, {
    message: "must be lowercase letters or digits in words joined by single hyphens, and not only digits",
  }),
  z.refine((s) => !hasHiddenCharacters(s), { message: HIDDEN_CHARACTERS_MESSAGE }),
);

/**
 * A source's permanent id for an imported article (RSS guid, Atom id, JSON Feed id). It becomes the
 * article's own feed id, so it must be an absolute URI: Atom requires its ids to be IRIs.
 */
export const guidSchema = z.string().check(
  z.minLength(1),
  z.maxLength(500),
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point.
  z.regex(/^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s\x00-\x1f\x7f]+$/, {
    message: "must be an absolute URI such as https://old.example.com/?p=123 or urn:uuid:…",
    abort: true,
  }),
  z.refine((s) => stripXmlInvalid(s) === s, { message: "must not contain characters XML cannot carry" }),
);

export const languageSchema = z.string().check(
  z.maxLength(35),
  z.regex(/^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{1,8})*$/, {
    message: "must be a BCP 47 language tag, e.g. zh-CN",
  }),
);

const fields = {
  title: requiredText(500),
  subtitle: cleanText(1000),
  summary: cleanText(2000),
  language: languageSchema,
  body: z.string().check(z.maxLength(500_000)),
  bodyFormat: z.enum(["html", "markdown"]),
  section: z.array(sectionLevel).check(z.maxLength(MAX_SECTION_LEVELS)),
  tags: z.pipe(z.array(nameText(100)).check(z.maxLength(50)), z.transform(uniqueNames)),
  authors: z.array(authorSchema).check(z.maxLength(30)),
  editors: z.array(editorSchema).check(z.maxLength(30)),
  source: sourceSchema,
  image: imageSchema,
  printEdition: printEditionSchema,
  publishedAt: rfc3339,
  status: z.enum(ARTICLE_STATUSES),
  slug: slugSchema,
};

export const createArticleSchema = z.strictObject({
  title: fields.title,
  subtitle: z.optional(fields.subtitle),
  summary: z.optional(fields.summary),
  language: z.optional(fields.language),
  body: z._default(fields.body, ""),
  bodyFormat: z._default(fields.bodyFormat, "html"),
  section: z._default(fields.section, []),
  tags: z._default(fields.tags, []),
  authors: z._default(fields.authors, []),
  editors: z._default(fields.editors, []),
  source: z.optional(fields.source),
  image: z.optional(fields.image),
  printEdition: z.optional(fields.printEdition),
  publishedAt: z.optional(fields.publishedAt),
  status: z._default(fields.status, "draft"),
  slug: z.optional(fields.slug),
  guid: z.optional(guidSchema),
});

// PATCH: every field optional; null clears an optional field.
export const updateArticleSchema = z
  .strictObject({
    title: z.optional(fields.title),
    subtitle: z.optional(z.nullable(fields.subtitle)),
    summary: z.optional(z.nullable(fields.summary)),
    language: z.optional(fields.language),
    body: z.optional(fields.body),
    bodyFormat: z.optional(fields.bodyFormat),
    section: z.optional(fields.section),
    tags: z.optional(fields.tags),
    authors: z.optional(fields.authors),
    editors: z.optional(fields.editors),
    source: z.optional(z.nullable(fields.source)),
    image: z.optional(z.nullable(fields.image)),
    printEdition: z.optional(z.nullable(fields.printEdition)),
    publishedAt: z.optional(z.nullable(fields.publishedAt)),
    status: z.optional(fields.status),
    slug: z.optional(fields.slug),
  })
  .check(z.refine((patch) => Object.keys(patch).length > 0, { message: "must change at least one field" }));

export type CreateArticleInput = z.output<typeof createArticleSchema>;
export type UpdateArticleInput = z.output<typeof updateArticleSchema>;
