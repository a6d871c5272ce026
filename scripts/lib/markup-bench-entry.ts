// Bundled by markup-bench.mjs with esbuild: the real write-time body pipeline (Markdown → sanitizer →
// plain text → row-size check), timed in Node on hostile bodies.

import { createArticleSchema } from "../../src/domain/article-input";
import { contentFromCreate } from "../../src/domain/article-prepare";
import { ProblemError } from "../../src/lib/problem";
import { SITE } from "../../test/fixtures/article-rows";

/** Renders one body as a write would; returns the HTTP status the API would answer with. */
export function prepareBody(body: string, bodyFormat: "html" | "markdown"): number {
  const input = createArticleSchema.parse({ title: "bench", body, bodyFormat });
  try {
    contentFromCreate(input, SITE, Date.now());
    return 201;
  } catch (err) {
    if (err instanceof ProblemError) return err.init.status;
    throw err;
  }
}
