import { defineConfig } from "drizzle-kit";

// `drizzle-kit generate` only diffs src/db/schema.ts against migrations/meta: no database access.
export default defineConfig({
  dialect: "sqlite",
  schema: "./src/db/schema.ts",
  out: "./migrations",
});
