import * as z from "zod/mini";
import { ARTICLE_STATUSES } from "../domain/article";
import type { toApiArticle } from "../domain/article-representation";
import type { SanitizerChange } from "../lib/sanitize-html";

// Response shapes for the OpenAPI document. Request shapes come from the validators themselves
// (src/domain/article-input.ts); these are checked against the code that builds the answers below.

const person = z.object({ name: z.string(), title: z.optional(z.string()), url: z.optional(z.string()) });

export const articleSchema = z.object({
  id: z.int(),
  guid: z.string().check(z.describe("Permanent feed id: urn:uuid:… or the guid an import gave")),
  slug: z.string(),
  url: z.string().check(z.describe("Public page of the article")),
  status: z.enum(ARTICLE_STATUSES),
  title: z.string(),
  subtitle: z.nullable(z.string()),
  summary: z.string(),
  language: z.string(),
  section: z.array(z.string()),
  tags: z.array(z.string()),
  authors: z.array(person),
  editors: z.array(z.object({ name: z.string() })),
  source: z.nullable(z.object({ name: z.string(), url: z.optional(z.string()) })),
  image: z.nullable(
    z.object({
      url: z.string(),
      caption: z.optional(z.string()),
      credit: z.optional(z.string()),
      alt: z.optional(z.string()),
      width: z.optional(z.int()),
      height: z.optional(z.int()),
      type: z.optional(z.string()),
      length: z.optional(z.int()),
    }),
  ),
  printEdition: z.nullable(
    z.object({
      publication: z.optional(z.string()),
      date: z.string(),
      page: z.string(),
      section: z.optional(z.string()),
    }),
  ),
  publishedAt: z.nullable(z.string()).check(z.describe("RFC 3339 in the offset the editor gave")),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.int(),
  bodyHtml: z.string(),
  bodyText: z.string(),
  body: z.optional(z.string()).check(z.describe("Editors only: the source as written (HTML or Markdown)")),
  bodyFormat: z.optional(z.enum(["html", "markdown"])).check(z.describe("Editors only")),
  summaryIsDerived: z.optional(z.boolean()).check(z.describe("Editors only")),
  deletedAt: z.optional(z.nullable(z.string())).check(z.describe("Editors only")),
  createdBy: z.optional(z.nullable(z.string())).check(z.describe("Editors only: token id")),
  updatedBy: z.optional(z.nullable(z.string())).check(z.describe("Editors only: token id")),
});

// Compile-time proof that every answer toApiArticle builds fits the documented schema.
type Fits<T extends z.input<typeof articleSchema>> = T;
export type _ArticleFits = Fits<ReturnType<typeof toApiArticle>>;

export const sanitizerChangeSchema = z
  .object({
    change: z.enum([
      "removed-element-with-content",
      "unwrapped-element",
      "renamed-element",
      "removed-attribute",
      "added-attribute",
      "removed-characters",
    ]),
    element: z.optional(z.string()).check(z.describe("Element as written in the body, lowercased")),
    attribute: z.optional(z.string()),
    to: z.optional(z.string()).check(z.describe("renamed-element only: what it became (h1 → h2)")),
    count: z.int().check(z.minimum(1)),
  })
  .check(
    z.describe(
      "One kind of change the sanitizer made to the body. unwrapped-element keeps the element's text; " +
        "removed-element-with-content drops code and never-shown content (script, style, template, form controls…).",
    ),
  );

// Compile-time proof that the sanitizer's change records fit the documented schema.
type ChangeFits<T extends z.input<typeof sanitizerChangeSchema>> = T;
export type _SanitizerChangeFits = ChangeFits<SanitizerChange>;

/** What POST and PATCH answer: the article plus what the sanitizer did to the body just sent. */
const sanitizerChanges = z
  .optional(z.array(sanitizerChangeSchema))
  .check(z.describe("What the sanitizer changed in the body this request sent; absent when it sent none"));

/** A write answers with what the token may read: a token without drafts:read gets no draft's content. */
export const writtenArticleSchema = z.union([
  z
    .extend(articleSchema, { sanitizerChanges })
    .check(z.describe("With drafts:read, or when the article is public")),
  z
    .extend(
      z.pick(articleSchema, {
        id: true,
        guid: true,
        slug: true,
        url: true,
        status: true,
        publishedAt: true,
        createdAt: true,
        updatedAt: true,
        version: true,
        deletedAt: true,
      }),
      { sanitizerChanges },
    )
    .check(z.describe("Receipt: a token without drafts:read writing an article that is not public")),
]);

export const searchPartSchema = z
  .object({
    score: z.number().check(z.describe("Relevance blended with recency (docs/search.md); higher is better")),
    phrase: z
      .boolean()
      .check(z.describe("The whole query stands contiguous in the title or body (ranked first)")),
    snippet: z
      .string()
      .check(
        z.describe("HTML: up to 120 characters around the first match, matches in <mark>, all else escaped"),
      ),
  })
  .check(z.describe("Only with q: why and where the article matched"));

export const articlePageSchema = z.object({
  items: z.array(z.extend(articleSchema, { search: z.optional(searchPartSchema) })),
  nextCursor: z.nullable(z.string()),
  next: z.nullable(z.string()).check(z.describe("URL of the next page")),
  nextUpdatedSince: z
    .optional(z.string())
    .check(z.describe("Delta polling only: poll again with this updatedSince")),
});

export const revisionListSchema = z.object({
  items: z.array(
    z.object({
      version: z.int(),
      action: z.enum(["create", "update", "delete", "restore"]),
      tokenId: z.nullable(z.string()),
      createdAt: z.string(),
      url: z.string(),
    }),
  ),
});

export const revisionSchema = z.object({
  version: z.int(),
  action: z.enum(["create", "update", "delete", "restore"]),
  tokenId: z.nullable(z.string()),
  createdAt: z.string(),
  article: articleSchema,
});

export const mediaSchema = z.object({
  url: z.string().check(z.describe("Root-relative URL to store as image.url")),
  href: z.string().check(z.describe("Absolute URL (also in Location)")),
  key: z.string(),
  type: z.enum(["image/jpeg", "image/png", "image/webp", "image/gif", "image/avif"]),
  length: z.int(),
  width: z.nullable(z.int()),
  height: z.nullable(z.int()),
  image: z.object({
    url: z.string(),
    type: z.string(),
    length: z.int(),
    width: z.optional(z.int()),
    height: z.optional(z.int()),
  }),
});

export const problemSchema = z.object({
  type: z.string().check(z.describe("/problems/<slug>, or about:blank")),
  title: z.string(),
  status: z.int(),
  detail: z.optional(z.string()),
  instance: z.optional(z.string()),
  errors: z.optional(
    z.array(
      z.object({
        pointer: z.string().check(z.describe("JSON Pointer to the failing field")),
        detail: z.string(),
      }),
    ),
  ),
  error: z
    .optional(z.string())
    .check(z.describe("Micropub only: invalid_request, unauthorized, insufficient_scope, forbidden")),
  error_description: z.optional(z.string()).check(z.describe("Micropub only")),
});
