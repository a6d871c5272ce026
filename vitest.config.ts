import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig, type Plugin } from "vitest/config";

const root = path.dirname(fileURLToPath(import.meta.url));

// feed@6 ships `//# sourceMappingURL=feed.js.map` without the .map file; vite warns on every run.
const dropMissingSourcemaps: Plugin = {
  name: "drop-missing-sourcemaps",
  enforce: "pre",
  async load(id) {
    if (!id.includes("/node_modules/feed/lib/")) return null;
    const code = await readFile(id.split("?")[0] ?? id, "utf8");
    return code.replace(/^\/\/# sourceMappingURL=.*$/m, "");
  },
};

export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(root, "migrations"));
  if (migrations.length === 0) throw new Error("no migrations found in ./migrations");
  return {
    test: {
      projects: [
        {
          plugins: [
            dropMissingSourcemaps,
            cloudflareTest({
              main: "./src/index.ts",
              wrangler: { configPath: "./wrangler.toml" },
              miniflare: {
                // Tests never leave the machine: every outbound fetch (WebSub pings) is answered here.
                outboundService: () => new Response(null, { status: 204 }),
                bindings: {
                  TEST_MIGRATIONS: migrations,
                  SITE_URL: "https://news.example.com",
                  WEBSUB_HUB_URL: "https://hub.example.com/",
                  PREVIEW_SECRET: "test-preview-secret-0123456789abcdef0123456789",
                },
              },
            }),
          ],
          test: {
            name: "workers",
            include: ["src/**/*.test.ts", "test/workers/**/*.test.ts", "test/reference/**/*.test.ts"],
            setupFiles: ["./test/workers/support/setup.ts"],
          },
        },
        {
          test: {
            name: "node",
            environment: "node",
            include: ["test/node/**/*.test.ts"],
            // Builds the complete and read Workers once; every file's Miniflare runs that build.
            globalSetup: ["./test/node/global-setup.ts"],
            testTimeout: 60_000,
            hookTimeout: 120_000,
          },
        },
      ],
    },
  };
});
