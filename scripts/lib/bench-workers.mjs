// One workerd per archive size for `npm run bench`: the built worker in four configurations plus a
// static "limit" worker, all in the same Miniflare instance (same process, same D1 on disk), each on
// its own socket. The limit worker answers with bytes captured from a route, so a route's ceiling is
// measured by the same runtime, in the same run, for exactly its bytes. Under /d1/ it first reads one
// row by primary key through a D1 session, as the app's reads do: the ceiling of a Worker that
// touches D1 once, which separates the local D1 round trip from the app's own work.
import path from "node:path";
import { Miniflare } from "miniflare";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import { freePort, readMigrationStatements } from "./local-worker.mjs";
import { workerdCpuReader } from "./process-cpu.mjs";
import { ROOT } from "./root.mjs";
import { ALL_SCOPES, insertTokenSql, newToken } from "./tokens";

/** The limit worker's path prefix for the same replay after one D1 read. */
const D1_FLOOR_PREFIX = "/d1/";

/** Headers a replay must not copy: hop-by-hop, or recomputed by workerd for the stored body. */
const NOT_REPLAYED = new Set(["content-length", "transfer-encoding", "connection", "keep-alive", "date"]);

// The static worker: PUT /<key> stores a status, headers and body; GET /<key> answers them unchanged;
// GET /d1/<key> answers them after one primary-key read (keys are URI-encoded, so never hold a "/").
const LIMIT_WORKER = `
const stored = new Map();
const D1_PREFIX = "${D1_FLOOR_PREFIX}";
export default {
  async fetch(request, env) {
    let key = new URL(request.url).pathname;
    if (key.startsWith(D1_PREFIX)) {
      key = key.slice(D1_PREFIX.length - 1);
      await env.DB.withSession("first-unconstrained").prepare("select id from articles where id = ?1").bind(1).raw();
    }
    if (request.method === "PUT") {
      const { status, headers } = JSON.parse(decodeURIComponent(request.headers.get("x-bench-replay")));
      stored.set(key, { status, headers, body: status === 304 ? null : await request.arrayBuffer() });
      return new Response(null, { status: 204 });
    }
    const hit = stored.get(key);
    if (!hit) return new Response("nothing stored under " + key, { status: 410 });
    return new Response(hit.body, { status: hit.status, headers: hit.headers });
  },
};`;

/**
 * @typedef {"uncached" | "uncachedCold" | "cached" | "uncachedCounted" | "uncachedColdCounted" | "cachedCounted"} AppWorker
 *   uncached: no edge cache, no document LRU (validator memo on, as in production); cached: both on;
 *   uncachedCold: uncached without the encoded feed entries either (a first render, every time);
 *   *Counted: the same with BENCH_REPORT_D1_ROWS=1, only ever probed (counting re-runs raw() reads).
 */

/** @type {Record<AppWorker, { vars: Record<string, string>, cache: boolean }>} */
const APP_WORKERS = {
  uncached: { vars: { FEED_DOCUMENT_CACHE_BYTES: "0" }, cache: false },
  uncachedCold: { vars: { FEED_DOCUMENT_CACHE_BYTES: "0", FEED_ENTRY_CACHE_BYTES: "0" }, cache: false },
  cached: { vars: {}, cache: true },
  uncachedCounted: { vars: { FEED_DOCUMENT_CACHE_BYTES: "0", BENCH_REPORT_D1_ROWS: "1" }, cache: false },
  uncachedColdCounted: {
    vars: { FEED_DOCUMENT_CACHE_BYTES: "0", FEED_ENTRY_CACHE_BYTES: "0", BENCH_REPORT_D1_ROWS: "1" },
    cache: false,
  },
  cachedCounted: { vars: { BENCH_REPORT_D1_ROWS: "1" }, cache: true },
};

/**
 * @param {{ scriptPath: string, persistDir: string, migrate: boolean, inspectorPort?: number }} options
 *   inspectorPort: open workerd's V8 inspector there (scripts/profile-worker.mjs)
 */
export async function startBenchWorkers({ scriptPath, persistDir, migrate, inspectorPort }) {
  const { workerOptions } = unstable_getMiniflareWorkerOptions(path.join(ROOT, "wrangler.toml"));
  const names = /** @type {AppWorker[]} */ (Object.keys(APP_WORKERS));
  /** @type {Record<string, number>} */
  const ports = {};
  for (const name of [...names, "limit"]) ports[name] = await freePort();
  // Every app worker renders links to the same origin, so all of them serve the same bytes.
  const siteUrl = `http://127.0.0.1:${ports.uncached}`;
  const mf = new Miniflare({
    host: "127.0.0.1",
    port: await freePort(),
    d1Persist: persistDir,
    r2Persist: false,
    cachePersist: false,
    ...(inspectorPort ? { inspectorPort } : {}),
    workers: [
      ...names.map((name) => ({
        name,
        modules: true,
        scriptPath,
        modulesRoot: path.dirname(scriptPath),
        compatibilityDate: workerOptions.compatibilityDate,
        compatibilityFlags: workerOptions.compatibilityFlags,
        bindings: {
          ...workerOptions.bindings,
          SITE_URL: siteUrl,
          WEBSUB_HUB_URL: "",
          ...APP_WORKERS[name].vars,
        },
        d1Databases: { DB: "local-test-db" },
        r2Buckets: { MEDIA: "local-test-media" },
        cache: APP_WORKERS[name].cache,
        unsafeDirectSockets: [{ host: "127.0.0.1", port: ports[name] }],
      })),
      {
        name: "limit",
        modules: true,
        script: LIMIT_WORKER,
        compatibilityDate: workerOptions.compatibilityDate,
        d1Databases: { DB: "local-test-db" },
        unsafeDirectSockets: [{ host: "127.0.0.1", port: ports.limit }],
      },
    ],
  });
  await mf.ready;
  const d1 = await mf.getD1Database("DB", "uncached");
  if (migrate) for (const statement of await readMigrationStatements()) await d1.prepare(statement).run();
  const { secret, row } = await newToken({ name: "bench-editor", scopes: ALL_SCOPES });
  await d1.prepare(insertTokenSql(row)).run();
  /** @type {Record<AppWorker | "limit", string>} */
  const urls = /** @type {any} */ (
    Object.fromEntries(Object.entries(ports).map(([n, p]) => [n, `http://127.0.0.1:${p}`]))
  );
  return {
    urls,
    d1,
    /** workerd's CPU ms so far (null off Linux) */
    cpuMs: await workerdCpuReader(),
    token: secret,
    /**
     * Stores `response` (already read into `body`) in the limit worker; returns the URLs replaying
     * it: `url` as it is, `d1Url` after one D1 read.
     * @param {string} key
     * @param {Response} response
     * @param {ArrayBuffer} body
     */
    async storeLimit(key, response, body) {
      /** @type {[string, string][]} */
      const headers = [];
      response.headers.forEach((value, name) => {
        if (!NOT_REPLAYED.has(name)) headers.push([name, value]);
      });
      const url = `${urls.limit}/${encodeURIComponent(key)}`;
      const put = await fetch(url, {
        method: "PUT",
        headers: {
          "x-bench-replay": encodeURIComponent(JSON.stringify({ status: response.status, headers })),
        },
        body,
        signal: AbortSignal.timeout(30_000),
      });
      if (put.status !== 204) throw new Error(`limit worker refused ${key}: ${put.status}`);
      return { url, d1Url: `${urls.limit}${D1_FLOOR_PREFIX}${encodeURIComponent(key)}` };
    },
    stop: () => mf.dispose(),
  };
}
