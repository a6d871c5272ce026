// Node-side tests import a few src/ and scripts/ modules that name Workers binding types. The Workers
// runtime types would clash with the DOM ones these tests use (playwright page code), so only the
// binding classes are brought in, from the module form of @cloudflare/workers-types.
type WorkersTypes = typeof import("@cloudflare/workers-types/latest/index");

declare global {
  type D1Database = import("@cloudflare/workers-types/latest/index").D1Database;
  type R2Bucket = import("@cloudflare/workers-types/latest/index").R2Bucket;
  type D1Result<T = unknown> = import("@cloudflare/workers-types/latest/index").D1Result<T>;
}

export type { WorkersTypes };
