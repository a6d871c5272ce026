import { createRouter } from "../env";
import { PROBLEM_TYPES } from "../lib/problem";

export const problemDocs = createRouter();

// The type URIs of our problem+json answers resolve to a short explanation.
problemDocs.get("/:type", (c) => {
  const type = c.req.param("type");
  // Own keys only: "constructor", "__proto__" and friends are not problem types.
  const description = Object.hasOwn(PROBLEM_TYPES, type) ? PROBLEM_TYPES[type] : undefined;
  if (!description) return c.notFound();
  c.header("cache-control", "public, max-age=86400");
  return c.json({ type: `/problems/${type}`, description });
});
