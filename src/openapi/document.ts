import { PROBLEM_TYPES } from "../lib/problem";
import type { SiteConfig } from "../lib/site";
import generated from "./json-schemas.generated.json";
import { otherPaths } from "./other-paths";
import { bearer, idParam, type Json, json, problems, ref } from "./parts";

// OpenAPI 3.1 for the JSON API. Its schemas come from the zod schemas that validate the requests, converted
// at build time (src/openapi/json-schemas.ts) so the converter stays out of the worker.

function queryParameters(): Json[] {
  return Object.entries(generated.listQueryProperties).map(([name, s]) => ({
    name,
    in: "query",
    required: false,
    schema: s,
  }));
}

export function buildOpenApiDocument(site: SiteConfig) {
  const article = { description: "The article (editor view)", content: json(ref("Article")) };
  const written = {
    description: "The article as the token may read it (full, public view or receipt) and sanitizerChanges",
    content: json(ref("WrittenArticle")),
  };
  return {
    openapi: "3.1.0",
    info: {
      title: `${site.title} — editor and public JSON API`,
      version: "1",
      description:
        "Errors are RFC 9457 problem+json. Scopes: drafts:read (see drafts), articles:write (create/edit " +
        "drafts), articles:publish (anything public), admin (all). Human docs: /api/docs.",
    },
    servers: [{ url: site.url }],
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "enf_… token from `npm run token -- create`" },
      },
      schemas: generated.components,
    },
    "x-problem-types": Object.fromEntries(
      Object.entries(PROBLEM_TYPES).map(([k, v]) => [`/problems/${k}`, v]),
    ),
    paths: {
      "/api/v1/articles": {
        get: {
          operationId: "listArticles",
          summary: "List articles",
          description:
            "Public: published articles newest first; with updatedSince, every public change since then " +
            "(with section/tag/author: that scope's changes, tombstones for articles that left it); " +
            "content=excerpt leaves the body out. " +
            "With a drafts:read token: every article, most recently updated first, filterable by status/deleted. " +
            "With q (≤ 100 characters, ≤ 16 terms; Chinese is searched by character pairs, Traditional and " +
            "Simplified alike): ranked hits, phrase matches first, each with a search part; combinable with " +
            "section, tag, author and updatedSince; cursor pages on.",
          security: [{}, { bearer: ["drafts:read"] }],
          parameters: queryParameters(),
          responses: {
            200: { description: "One page", content: json(ref("ArticlePage")) },
            ...problems(400, 401, 403),
          },
        },
        post: {
          operationId: "createArticle",
          summary: "Create an article",
          description:
            "Status other than draft needs articles:publish. Idempotency-Key makes retries safe. A guid " +
            "already in use answers 409 with the existing article's Location.",
          security: bearer("articles:write", "articles:publish"),
          parameters: [
            {
              name: "Idempotency-Key",
              in: "header",
              required: false,
              schema: { type: "string", maxLength: 255 },
            },
          ],
          requestBody: { required: true, content: json(ref("ArticleCreate")) },
          responses: {
            201: { ...written, description: "Created (Location, ETag), with sanitizerChanges" },
            ...problems(400, 401, 403, 409, 413, 415, 422),
          },
        },
      },
      "/api/v1/articles/{id}": {
        get: {
          operationId: "getArticle",
          summary: "Read one article",
          security: [{}, { bearer: ["drafts:read"] }],
          parameters: [idParam],
          responses: { 200: { ...article, description: "The article (ETag)" }, ...problems(401, 404, 410) },
        },
        patch: {
          operationId: "updateArticle",
          summary: "Merge-patch an article",
          description: "null clears an optional field. If-Match with the ETag you read is required.",
          security: bearer("articles:write", "articles:publish"),
          parameters: [
            idParam,
            { name: "If-Match", in: "header", required: true, schema: { type: "string" } },
          ],
          requestBody: { required: true, content: json(ref("ArticlePatch")) },
          responses: { 200: written, ...problems(400, 401, 403, 404, 409, 412, 413, 415, 422, 428) },
        },
        delete: {
          operationId: "deleteArticle",
          summary: "Soft-delete an article (restorable)",
          security: bearer("articles:write", "articles:publish"),
          parameters: [
            idParam,
            { name: "If-Match", in: "header", required: false, schema: { type: "string" } },
          ],
          responses: { 204: { description: "Deleted" }, ...problems(401, 403, 404, 412) },
        },
      },
      "/api/v1/articles/{id}/restore": {
        post: {
          operationId: "restoreArticle",
          summary: "Restore a deleted article",
          security: bearer("articles:write", "articles:publish"),
          parameters: [idParam],
          responses: { 200: article, ...problems(401, 403, 404, 412) },
        },
      },
      "/api/v1/articles/{id}/revisions": {
        get: {
          operationId: "listRevisions",
          summary: "Every stored version of an article",
          security: bearer("drafts:read"),
          parameters: [idParam],
          responses: {
            200: { description: "Revisions", content: json(ref("RevisionList")) },
            ...problems(401, 403, 404),
          },
        },
      },
      "/api/v1/articles/{id}/revisions/{version}": {
        get: {
          operationId: "getRevision",
          summary: "One stored version",
          security: bearer("drafts:read"),
          parameters: [idParam, { name: "version", in: "path", required: true, schema: { type: "integer" } }],
          responses: {
            200: { description: "Revision", content: json(ref("Revision")) },
            ...problems(401, 403, 404),
          },
        },
      },
      ...otherPaths(),
    },
  };
}

export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;
