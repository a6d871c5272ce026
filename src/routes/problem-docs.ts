import { createRouter } from "../env";
import { PROBLEM_TYPES } from "../lib/problem";

export const problemDocs = createRouter();

// The type URIs of our problem+json answers resolve to a short explanation.
problemDocs.get("/:type", (c) => {
  const description = PROBLEM_TYPES[c.req.param("type")];
  if (!description) return c.notFound();
  c.header("cache-control", "public, max-age=86400");
  return c.json({ type: `/problems/${c.req.param("type")}`, description });
});
