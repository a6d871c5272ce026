// worker-configuration.d.ts (the bindings' Env type) is generated from wrangler.toml; a changed
// binding or [var] must come with a rerun of `npm run types`.
import { describe, expect, it } from "vitest";
import { runNpm } from "./cli";

describe("generated Env type", () => {
  it("matches wrangler.toml", async () => {
    const result = await runNpm("types:check", []);
    expect(result.stderr + result.stdout).toContain("up to date");
    expect(result.code).toBe(0);
  });
});
