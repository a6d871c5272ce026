import * as z from "zod";
import { ARTICLE_STATUSES } from "../domain/article";
import type { toApiArticle } from "../domain/article-representation";
import type { SanitizerChange } from "../lib/sanitize-html";

// Response shapes for the OpenAPI document. Request shapes come from the validators themselves
// (src/domain/article-input.ts); these are checked against the code that builds the answers below.

const person = z.object({ name: z.string(), title: z.string().optional(), url: z.string().optional() });

export const articleSchema = z.object({
  id: z.int(),
  guid: z.string().describe("Permanent feed id: urn:uuid:… or the guid an import gave"),
  slug: z.string(),
  url: z.string().describe("Public page of the article"),
  status: z.enum(ARTICLE_STATUSES),
  title: z.string(),
  subtitle: z.string().nullable(),
  summary: z.string(),
  language: z.string(),
  section: z.array(z.string()),
  tags: z.array(z.string()),
  authors: z.array(person),
  editors: z.array(z.object({ name: z.string() })),
  source: z.object({ name: z.string(), url: z.string().optional() }).nullable(),
  image: z
    .object({
      url: z.string(),
      caption: z.string().optional(),
      credit: z.string().optional(),
      alt: z.string().optional(),
      width: z.int().optional(),
      height: z.int().optional(),
      type: z.string().optional(),
      length: z.int().optional(),
    })
    .nullable(),
  printEdition: z
    .object({
      publication: z.string().optional(),
      date: z.string(),
      page: z.string(),
      section: z.string().optional(),
    })
    .nullable(),
  publishedAt: z.string().nullable().describe("RFC 3339 in the offset the editor gave"),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.int(),
  bodyHtml: z.string(),
  bodyText: z.string(),
  body: z.string().optional().describe("Editors only: the source as written (HTML or Markdown)"),
  bodyFormat: z.enum(["html", "markdown"]).optional().describe("Editors only"),
  summaryIsDerived: z.boolean().optional().describe("Editors only"),
  deletedAt: z.string().nullable().optional().describe("Editors only"),
  createdBy: z.string().nullable().optional().describe("Editors only: token id"),
  updatedBy: z.string().nullable().optional().describe("Editors only: token id"),
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
    element: z.string().optional().describe("Element as written in the body, lowercased"),
    attribute: z.string().optional(),
    to: z.string().optional().describe("renamed-element only: what it became (h1 → h2)"),
    count: z.int().min(1),
  })
  .describe(
    "One kind of change the sanitizer made to the body. unwrapped-element keeps the element's text; " +
      "removed-element-with-content drops code and never-shown content (script, style, template, form controls…).",
  );

// Compile-time proof that the sanitizer's change records fit the documented schema.
type ChangeFits<T extends z.input<typeof sanitizerChangeSchema>> = T;
export type _SanitizerChangeFits = ChangeFits<SanitizerChange>;

/** What POST and PATCH answer: the article plus what the sanitizer did to the body just sent. */
const sanitizerChanges = z
  .array(sanitizerChangeSchema)
  .optional()
  .describe("What the sanitizer changed in the body this request sent; absent when it sent none");

/** A write answers with what the token may read: a token without drafts:read gets no draft's content. */
export const writtenArticleSchema = z.union([
  articleSchema.extend({ sanitizerChanges }).describe("With drafts:read, or when the article is public"),
  articleSchema
    .pick({
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
    })
    .extend({ sanitizerChanges })
    .describe("Receipt: a token without drafts:read writing an article that is not public"),
]);

export const searchPartSchema = z
  .object({
    score: z.number().describe("Relevance blended with recency (docs/search.md); higher is better"),
    phrase: z.boolean().describe("The whole query stands contiguous in the title or body (ranked first)"),
    snippet: z
      .string()
      .describe("HTML: up to 120 characters around the first match, matches in <mark>, all else escaped"),
  })
  .describe("Only with q: why and where the article matched");

export const articlePageSchema = z.object({
  items: z.array(articleSchema.extend({ search: searchPartSchema.optional() })),
  nextCursor: z.string().nullable(),
  next: z.string().nullable().describe("URL of the next page"),
  nextUpdatedSince: z.string().optional().describe("Delta polling only: poll again with this updatedSince"),
});

export const revisionListSchema = z.object({
  items: z.array(
    z.object({
      version: z.int(),
      action: z.enum(["create", "update", "delete", "restore"]),
      tokenId: z.string().nullable(),
      createdAt: z.string(),
      url: z.string(),
    }),
  ),
});

export const revisionSchema = z.object({
  version: z.int(),
  action: z.enum(["create", "update", "delete", "restore"]),
  tokenId: z.string().nullable(),
  createdAt: z.string(),
  article: articleSchema,
});

export const mediaSchema = z.object({
  url: z.string().describe("Root-relative URL to store as image.url"),
  href: z.string().describe("Absolute URL (also in Location)"),
  key: z.string(),
  type: z.enum(["image/jpeg", "image/png", "image/webp", "image/gif", "image/avif"]),
  length: z.int(),
  width: z.int().nullable(),
  height: z.int().nullable(),
  image: z.object({
    url: z.string(),
    type: z.string(),
    length: z.int(),
    width: z.int().optional(),
    height: z.int().optional(),
  }),
});

export const problemSchema = z.object({
  type: z.string().describe("/problems/<slug>, or about:blank"),
  title: z.string(),
  status: z.int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  errors: z
    .array(
      z.object({ pointer: z.string().describe("JSON Pointer to the failing field"), detail: z.string() }),
    )
    .optional(),
  error: z
    .string()
    .optional()
    .describe("Micropub only: invalid_request, unauthorized, insufficient_scope, forbidden"),
  error_description: z.string().optional().describe("Micropub only"),
});
