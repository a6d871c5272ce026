import { toJSONSchema } from "zod/mini";
import type { $ZodType } from "zod/v4/core";
import { createArticleSchema, updateArticleSchema } from "../domain/article-input";
import { listQuery } from "../routes/api/articles-read";
import type { Json } from "./parts";
import {
  articlePageSchema,
  articleSchema,
  mediaSchema,
  problemSchema,
  revisionListSchema,
  revisionSchema,
  writtenArticleSchema,
} from "./schemas";

// The zod → JSON Schema half of the OpenAPI document. The worker never runs this: the converter alone
// is most of zod's bytes, so `npm run openapi:generate` writes its answer to json-schemas.generated.json
// and test/workers/openapi-schemas-fresh.test.ts fails when that file no longer matches the validators.

function jsonSchema(schema: $ZodType, io: "input" | "output"): Json {
  const { $schema: _ignored, ...rest } = toJSONSchema(schema, { io, unrepresentable: "any" }) as Json;
  return rest;
}

export function buildOpenApiSchemas() {
  const query = jsonSchema(listQuery, "input") as { properties: Record<string, Json> };
  return {
    listQueryProperties: query.properties,
    components: {
      ArticleCreate: jsonSchema(createArticleSchema, "input"),
      ArticlePatch: jsonSchema(updateArticleSchema, "input"),
      Article: jsonSchema(articleSchema, "output"),
      WrittenArticle: jsonSchema(writtenArticleSchema, "output"),
      ArticlePage: jsonSchema(articlePageSchema, "output"),
      RevisionList: jsonSchema(revisionListSchema, "output"),
      Revision: jsonSchema(revisionSchema, "output"),
      Media: jsonSchema(mediaSchema, "output"),
      Problem: jsonSchema(problemSchema, "output"),
    },
  };
}
