// Runs the real built worker in-process with Miniflare (bench, load test, browser and CLI tests).
import "./env.mjs";
import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { Miniflare } from "miniflare";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import { uploadSampleImages } from "./sample-media.mjs";
import { insertTokenSql, newToken } from "./tokens.mjs";

const exec = promisify(execFile);
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Bundles exactly what `wrangler deploy` would upload. */
export async function buildWorker(outdir) {
  const wrangler = path.join(ROOT, "node_modules/.bin/wrangler");
  await exec(wrangler, ["deploy", "--dry-run", "--outdir", outdir], { cwd: ROOT, env: process.env });
  return path.join(outdir, "index.js");
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** drizzle-kit SQL files, in order, split on its statement breakpoints. */
export async function readMigrationStatements() {
  const dir = path.join(ROOT, "migrations");
  const files = (await readdir(dir)).filter((f) => f.endsWith(".sql")).sort();
  const statements = [];
  for (const file of files) {
    const text = await readFile(path.join(dir, file), "utf8");
    for (const part of text.split("--> statement-breakpoint")) if (part.trim()) statements.push(part.trim());
  }
  return statements;
}

export async function loadSampleArticles() {
  return JSON.parse(await readFile(path.join(ROOT, "sample/articles.json"), "utf8"));
}

/** Uploads the sample images, then publishes the sample articles through the editor API, as an editor would. */
export async function seedSampleArticles(baseUrl, token, articles) {
  const samples = articles ?? (await loadSampleArticles());
  await uploadSampleImages(baseUrl, token, samples);
  const created = [];
  for (const article of samples) {
    const res = await fetch(new URL("/api/v1/articles", baseUrl), {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify(article),
    });
    if (res.status !== 201)
      throw new Error(`seeding "${article.title}" failed: ${res.status} ${await res.text()}`);
    created.push(await res.json());
  }
  return created;
}

/**
 * Starts the worker on 127.0.0.1 with a fresh in-memory D1 (migrations applied), an editor token,
 * and (unless seed is false) the sample articles.
 */
export async function startLocalWorker({
  seed = true,
  port,
  vars = {},
  scriptPath,
  persistDir,
  cache = true,
  migrate = true,
} = {}) {
  const workDir = scriptPath ? null : await mkdtemp(path.join(tmpdir(), "enf-worker-"));
  const script = scriptPath ?? (await buildWorker(workDir));
  const listenPort = port ?? (await freePort());
  const url = `http://127.0.0.1:${listenPort}`;
  const { workerOptions } = unstable_getMiniflareWorkerOptions(path.join(ROOT, "wrangler.toml"));
  const mf = new Miniflare({
    host: "127.0.0.1",
    port: listenPort,
    modules: true,
    scriptPath: script,
    modulesRoot: path.dirname(script),
    compatibilityDate: workerOptions.compatibilityDate,
    compatibilityFlags: workerOptions.compatibilityFlags,
    bindings: { ...workerOptions.bindings, SITE_URL: url, WEBSUB_HUB_URL: "", ...vars },
    d1Databases: { DB: "local-test-db" },
    // Benchmarks keep a large archive on disk across restarts; tests use memory.
    d1Persist: persistDir ?? false,
    cache,
    r2Buckets: { MEDIA: "local-test-media" },
    r2Persist: false,
    cachePersist: false,
  });
  await mf.ready;
  const d1 = await mf.getD1Database("DB");
  if (migrate) for (const statement of await readMigrationStatements()) await d1.prepare(statement).run();
  const { secret, row } = newToken({
    name: "local-editor",
    scopes: ["drafts:read", "articles:write", "articles:publish", "admin"],
  });
  await d1.prepare(insertTokenSql(row)).run();
  const articles = seed ? await seedSampleArticles(url, secret) : [];
  return {
    url,
    token: secret,
    mf,
    d1,
    articles,
    fetch: (p, init) => fetch(new URL(p, url), { signal: AbortSignal.timeout(60_000), ...init }),
    async stop() {
      await mf.dispose();
      if (workDir) await rm(workDir, { recursive: true, force: true });
    },
  };
}
