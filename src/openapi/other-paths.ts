import { MAX_MEDIA_BYTES } from "../services/media";
import { bearer, json, problems, ref } from "./parts";

/** Media and Micropub, and the documentation routes themselves. */
export function otherPaths() {
  return {
    "/api/v1/media": {
      post: {
        operationId: "uploadMedia",
        summary: "Upload an image (JPEG, PNG, WebP, GIF, AVIF)",
        description: `Raw body with an image Content-Type, or multipart/form-data field "file". At most ${MAX_MEDIA_BYTES} bytes; the type is read from the bytes. Also the Micropub media endpoint.`,
        security: bearer("articles:write"),
        requestBody: {
          required: true,
          content: {
            "image/*": { schema: { type: "string", contentMediaType: "image/*" } },
            "multipart/form-data": {
              schema: {
                type: "object",
                properties: { file: { type: "string", contentMediaType: "image/*" } },
                required: ["file"],
              },
            },
          },
        },
        responses: {
          201: { description: "Stored (Location: absolute URL)", content: json(ref("Media")) },
          ...problems(401, 403, 413, 415, 422),
        },
      },
    },
    "/media/{key}": {
      get: {
        operationId: "getMedia",
        summary: "An uploaded image (immutable, cacheable for a year)",
        parameters: [
          {
            name: "key",
            in: "path",
            required: true,
            schema: { type: "string", pattern: "^[0-9a-f]{32}\\.(jpg|png|webp|gif|avif)$" },
          },
        ],
        responses: {
          200: { description: "The image bytes" },
          304: { description: "Not modified" },
          ...problems(404),
        },
      },
    },
    "/micropub": {
      get: {
        operationId: "micropubQuery",
        summary: "Micropub queries: q=config, q=source&url=…, q=syndicate-to, q=category",
        security: bearer("drafts:read", "articles:write"),
        parameters: [
          {
            name: "q",
            in: "query",
            required: true,
            schema: { type: "string", enum: ["config", "source", "syndicate-to", "category"] },
          },
          { name: "url", in: "query", required: false, schema: { type: "string" } },
        ],
        responses: {
          200: { description: "Query answer", content: json({ type: "object" }) },
          ...problems(400, 401),
        },
      },
      post: {
        operationId: "micropubPost",
        summary: "Micropub create (form, multipart or JSON h-entry), update, delete, undelete",
        description:
          "Authorization: Bearer, or an access_token form field within the first 64 KiB of the body (the rest is not read without it). Form-encoded and JSON bodies at most 1 MiB, multipart at most the media size plus 64 KiB; at most 500 fields or parts and 10 files per request; every stored file counts as one more write against the token's per-minute budget.",
        security: bearer("articles:write", "articles:publish"),
        requestBody: {
          required: true,
          content: {
            "application/x-www-form-urlencoded": { schema: { type: "object" } },
            "multipart/form-data": { schema: { type: "object" } },
            "application/json": { schema: { type: "object" } },
          },
        },
        responses: {
          201: {
            description:
              "Created; Location is the post's URL. Create answers { id, url, status, sanitizerChanges } " +
              "(see WrittenArticle.sanitizerChanges).",
          },
          204: { description: "Updated, deleted or undeleted" },
          ...problems(400, 401, 403, 413, 415),
        },
      },
    },
    "/api/v1/openapi.json": {
      get: {
        operationId: "openapi",
        summary: "This document",
        responses: { 200: { description: "OpenAPI 3.1", content: json({ type: "object" }) } },
      },
    },
    "/api/docs": {
      get: {
        operationId: "docs",
        summary: "Human-readable API documentation",
        responses: { 200: { description: "HTML" } },
      },
    },
  };
}
