// Runs the real built worker in-process with Miniflare (bench, load test, browser and CLI tests).
import "./env.mjs";
import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { Miniflare } from "miniflare";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import { ROOT } from "./root.mjs";
import { uploadSampleImages } from "./sample-media";
import { ALL_SCOPES, insertTokenSql, newToken } from "./tokens";

const exec = promisify(execFile);

export { ROOT };

/**
 * Bundles exactly what `wrangler deploy` would upload.
 * @param {string} outdir
 * @param {{ minify?: boolean }} [options] minify false: readable function names for CPU profiles
 * @returns {Promise<string>} the entry script
 */
export async function buildWorker(outdir, { minify = true } = {}) {
  const wrangler = path.join(ROOT, "node_modules/.bin/wrangler");
  const args = ["deploy", "--dry-run", "--outdir", outdir, ...(minify ? [] : ["--no-minify"])];
  await exec(wrangler, args, { cwd: ROOT, env: process.env });
  return path.join(outdir, "index.js");
}

/** @returns {Promise<number>} */
export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = /** @type {import("node:net").AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

/**
 * drizzle-kit SQL files, in order, split on its statement breakpoints.
 * @returns {Promise<string[]>}
 */
export async function readMigrationStatements() {
  const dir = path.join(ROOT, "migrations");
  const files = (await readdir(dir)).filter((f) => f.endsWith(".sql")).sort();
  /** @type {string[]} */
  const statements = [];
  for (const file of files) {
    const text = await readFile(path.join(dir, file), "utf8");
    for (const part of text.split("--> statement-breakpoint")) if (part.trim()) statements.push(part.trim());
  }
  return statements;
}

/**
 * The sample articles, as editor API create payloads.
 * @returns {Promise<SampleArticle[]>}
 */
export async function loadSampleArticles() {
  return JSON.parse(await readFile(path.join(ROOT, "sample/articles.json"), "utf8"));
}

/**
 * Uploads the sample images, then publishes the sample articles through the editor API, as an editor would.
 * @param {string | URL} baseUrl
 * @param {string} token
 * @param {SampleArticle[]} [articles]
 * @returns {Promise<CreatedArticle[]>} the API's answers
 */
export async function seedSampleArticles(baseUrl, token, articles) {
  const samples = articles ?? (await loadSampleArticles());
  await uploadSampleImages(baseUrl, token, samples);
  /** @type {CreatedArticle[]} */
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
 * @typedef {{ slug: string, title: string, status?: string, section?: string[], image?: { url: string, type?: string, length?: number } } & Record<string, unknown>} SampleArticle
 * @typedef {{ id: number, slug: string, title: string, url: string, status: string, section: string[] } & Record<string, unknown>} CreatedArticle
 *   The editor API's answer to a create, as the bench and load test read it.
 * @typedef {object} LocalWorkerOptions
 * @property {boolean} [seed] load the sample articles (default true)
 * @property {number} [port] default: a free one
 * @property {Record<string, string>} [vars] extra bindings over wrangler.toml's [vars]
 * @property {string} [scriptPath] an already built worker (default: build one into a temporary directory)
 * @property {string} [persistDir] keep D1 on disk there (benchmarks); default: in memory
 * @property {boolean} [cache] Miniflare's Cache API (default true)
 * @property {boolean} [migrate] apply the migrations (default true)
 */

/**
 * Starts the worker on 127.0.0.1 with a fresh in-memory D1 (migrations applied), an editor token,
 * and (unless seed is false) the sample articles.
 * @param {LocalWorkerOptions} [options]
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
  const script = scriptPath ?? (await buildWorker(/** @type {string} */ (workDir)));
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
  const { secret, row } = await newToken({ name: "local-editor", scopes: ALL_SCOPES });
  await d1.prepare(insertTokenSql(row)).run();
  const articles = seed ? await seedSampleArticles(url, secret) : [];
  return {
    url,
    token: secret,
    mf,
    d1,
    articles,
    /** @type {(path: string, init?: RequestInit) => Promise<Response>} */
    fetch: (p, init) => fetch(new URL(p, url), { signal: AbortSignal.timeout(60_000), ...init }),
    async stop() {
      await mf.dispose();
      if (workDir) await rm(workDir, { recursive: true, force: true });
    },
  };
}
