// npm run bench [-- --sizes 1000,10000,100000 --duration 2 --rounds 2 --cheap-split 2 --connections 8 --only 304]
// Loads synthetic archives and measures every route against the built worker in workerd (Miniflare on
// 127.0.0.1). Each route is reported as `ratioToLimit`: its req/s ÷ the req/s of a static worker in the
// same workerd serving exactly its bytes, measured interleaved with it; plus D1 rows read per request,
// D1 bytes per article, the render micro-benchmark and the bundle size. Results: bench/results/latest.json
// (bench/results/partial.json while running, and whatever was measured if the run dies).
import "./lib/env.mjs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { flatnessFigures } from "./lib/bench-flatness.mjs";
import { measureTargets } from "./lib/bench-measure.mjs";
import { printReport } from "./lib/bench-report.mjs";
import { benchesRoute, PAGE_50_LABEL, prepareTarget, routeSpecs } from "./lib/bench-routes.mjs";
import { searchFigures } from "./lib/bench-search.mjs";
import { storageFigures } from "./lib/bench-storage.mjs";
import { startBenchWorkers } from "./lib/bench-workers.mjs";
import { cloneArticles, createTemplates, TEMPLATE_COUNT } from "./lib/bulk-load.mjs";
import { dbReadMicroBenchmark } from "./lib/db-read-bench.mjs";
import { buildWorker, ROOT } from "./lib/local-worker.mjs";
import { markupBenchmark } from "./lib/markup-bench.mjs";
import { renderMicroBenchmark } from "./lib/render-bench.mjs";

const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "1000,10000,100000" },
    duration: { type: "string", default: "2" },
    // 2: the full 1k/10k/100k run stays near 20 minutes; cheap rows get rounds × cheap-split.
    rounds: { type: "string", default: "2" },
    warmup: { type: "string", default: "1" },
    connections: { type: "string", default: "8" },
    // Rows that read no D1 (cached, 304, /health) run this many times more rounds, each this much shorter.
    "cheap-split": { type: "string", default: "2" },
    // Skips the in-Node render and hostile-body micro-benchmarks (about a minute) while iterating.
    "skip-micro": { type: "boolean", default: false },
    // Only the search rows at each size (no route rows, no micro-benchmarks): lib/bench-search.mjs.
    "search-only": { type: "boolean", default: false },
    // Only the route rows whose label matches this regexp (and /health, the yardstick of the others):
    // no search rows, no micro-benchmarks.
    only: { type: "string" },
  },
});
const ONLY = values.only === undefined ? null : new RegExp(values.only);
/** @param {string} label */
const wanted = (label) => benchesRoute(label, ONLY);
const CONFIG = {
  sizes: values.sizes.split(",").map(Number),
  duration: Number(values.duration),
  rounds: Number(values.rounds),
  warmup: Number(values.warmup),
  connections: Number(values.connections),
  cheapSplit: Number(values["cheap-split"]),
  only: values.only ?? null,
};

/**
 * The schema of bench/results/latest.json.
 * @typedef {object} SizeResults
 * @property {number} loadSeconds time to grow the archive to this size
 * @property {import("./lib/bench-storage.mjs").StorageFigures} storage D1 bytes per article
 * @property {import("./lib/bench-measure.mjs").Row[]} rows one per route
 * @property {import("./lib/bench-search.mjs").SearchFigures} [search] search latency and index bytes
 * @typedef {object} BenchResults
 * @property {2} schemaVersion 2: rows carry ratioToLimit, limitRps, d1RowsRead, healthRatio. Added since,
 *   all optional: rows' limitCpuMsPerRequest, roundCpuRatios, sampleSeconds, and for 304s healthRps,
 *   healthCpuRatio, healthInterleaved (healthRatio then from /health in the same rounds);
 *   config.cheapSplit; flatness. req/s is a sample's total ÷ its elapsed time.
 * @property {string} startedAt
 * @property {typeof CONFIG} config
 * @property {{ rawBytes: number, gzipBytes: number }} [bundle]
 * @property {Record<string, SizeResults>} sizes keyed by article count
 * @property {import("./lib/bench-flatness.mjs").Flatness | null} [flatness] smallest → largest size
 * @property {Record<string, import("./lib/render-bench.mjs").RenderResult>} [render]
 * @property {import("./lib/markup-bench.mjs").MarkupResults} [markup]
 * @property {import("./lib/db-read-bench.mjs").DbReadResult} [dbRead] drizzle's per-request CPU
 * @property {string[]} failures what could not be measured, and why
 * @property {number} [elapsedSeconds]
 * @property {string} [aborted] set when the run died: the cause, and the step it was in
 */

const RESULTS_DIR = path.join(ROOT, "bench/results");
const started = Date.now();
/** @type {BenchResults} */
const results = {
  schemaVersion: 2,
  startedAt: new Date(started).toISOString(),
  config: CONFIG,
  sizes: {},
  failures: [],
};
let step = "starting";

/** @param {string} text */
const progress = (text) => process.stderr.write(`\r\x1b[2K${text}`);
/** @param {string} text */
const done = (text) => process.stderr.write(`\r\x1b[2K${text}\n`);

/** @param {string} file */
async function save(file) {
  await mkdir(RESULTS_DIR, { recursive: true });
  await writeFile(path.join(RESULTS_DIR, file), `${JSON.stringify(results, null, 2)}\n`);
}

/**
 * Whatever kills the process (a rejected promise nobody awaited, an exception thrown from a socket
 * callback) still leaves the figures measured so far and says where it happened.
 * @param {string} kind
 * @returns {(error: unknown) => void}
 */
const abort = (kind) => (error) => {
  results.aborted = `${kind} while ${step}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
  results.elapsedSeconds = (Date.now() - started) / 1000;
  const file = path.join(RESULTS_DIR, "partial.json");
  mkdir(RESULTS_DIR, { recursive: true })
    .then(() => writeFile(file, `${JSON.stringify(results, null, 2)}\n`))
    .catch(() => {})
    .finally(() => {
      console.error(`\nbench aborted — ${results.aborted}\npartial results: ${file}`);
      process.exit(1);
    });
};
process.on("unhandledRejection", abort("unhandled rejection"));
process.on("uncaughtException", abort("uncaught exception"));

/**
 * The 50th page of /feed.xml, walked through the Atom next links (RSS carries them as atom:link).
 * @param {string} base
 */
async function page50Path(base) {
  let url = `${base}/atom.xml`;
  for (let i = 1; i < 50; i++) {
    const xml = await (await fetch(url, { signal: AbortSignal.timeout(60_000) })).text();
    const next = /<link rel="next" href="([^"]+)"/.exec(xml)?.[1];
    if (!next) return null;
    url = next.replaceAll("&amp;", "&");
  }
  const { pathname, search } = new URL(url.replace("/atom.xml", "/feed.xml"));
  return `${pathname}${search}`;
}

/**
 * @param {string} scriptPath
 * @param {string} persistDir
 * @param {number} size
 * @param {{ loaded: number, templates: number[] | null }} archive grown in place across sizes
 */
async function measureSize(scriptPath, persistDir, size, archive) {
  step = `starting workerd for ${size} articles`;
  // A fresh workerd per size: no isolate, heap or page cache carried over from the previous size.
  const workers = await startBenchWorkers({ scriptPath, persistDir, migrate: archive.templates === null });
  try {
    step = `loading ${size} articles`;
    archive.templates ??= await createTemplates(workers.urls.uncached, workers.token);
    const t0 = Date.now();
    await cloneArticles(workers.d1, archive.templates, archive.loaded, size - TEMPLATE_COUNT, (n) =>
      progress(`loading ${n.toLocaleString()} / ${size.toLocaleString()} articles…`),
    );
    archive.loaded = Math.max(archive.loaded, size - TEMPLATE_COUNT);
    const loadSeconds = (Date.now() - t0) / 1000;
    done(`${size.toLocaleString()} articles loaded (${loadSeconds.toFixed(1)} s)`);
    const storage = await storageFigures(workers.d1, persistDir);

    step = `probing the routes at ${size} articles`;
    const targets = [];
    // Walking 49 pages takes a while: only for a run that measures page 50.
    const page50 = wanted(PAGE_50_LABEL) ? await page50Path(workers.urls.uncached) : null;
    const specs = values["search-only"] ? [] : routeSpecs(size, page50).filter((s) => wanted(s.label));
    for (const spec of specs) {
      try {
        targets.push(await prepareTarget(spec, workers.urls, workers.storeLimit));
      } catch (error) {
        results.failures.push(`${size}: ${spec.label}: ${String(error)}`);
      }
    }
    step = `measuring ${size} articles`;
    const rows = await measureTargets(targets, { ...CONFIG, cpuMs: workers.cpuMs }, progress);
    const health = rows.find((r) => r.label === "/health");
    for (const row of rows) {
      if (health?.rps && !row.healthInterleaved) row.healthRatio = row.rps / health.rps;
      if (row.failure) results.failures.push(`${size}: ${row.label}: ${row.failure}`);
    }
    results.sizes[size] = { loadSeconds, storage, rows };
    if (ONLY) return;
    // After the route rows: the index brought up to date for the grown archive, then its queries.
    step = `measuring search at ${size} articles`;
    const search = await searchFigures({
      url: workers.urls.uncached,
      d1: workers.d1,
      templates: archive.templates,
      duration: CONFIG.duration,
      cpuMs: workers.cpuMs,
      log: progress,
    });
    results.sizes[size] = { loadSeconds, storage, rows, search };
    done(`${size.toLocaleString()} articles: search measured (index ${search.indexSeconds.toFixed(1)} s)`);
  } finally {
    step = `stopping workerd for ${size} articles`;
    await workers
      .stop()
      .catch((error) => results.failures.push(`${size}: Miniflare dispose: ${String(error)}`));
  }
}

async function run() {
  const workDir = await mkdtemp(path.join(tmpdir(), "enf-bench-"));
  try {
    step = "building the worker bundle";
    progress("building the worker bundle…");
    const scriptPath = await buildWorker(path.join(workDir, "dist"));
    const bundle = await readFile(scriptPath);
    results.bundle = { rawBytes: bundle.byteLength, gzipBytes: gzipSync(bundle).byteLength };
    done(
      `bundle: ${(bundle.byteLength / 1024).toFixed(1)} KiB raw, ${(results.bundle.gzipBytes / 1024).toFixed(1)} KiB gzip`,
    );
    const persistDir = path.join(workDir, "d1");
    const archive = { loaded: 0, templates: /** @type {number[] | null} */ (null) };
    for (const size of CONFIG.sizes) {
      try {
        await measureSize(scriptPath, persistDir, size, archive);
        done(`${size.toLocaleString()} articles measured`);
      } catch (error) {
        // Reported, and the next size still runs (the archive only grows, so it may well succeed).
        results.failures.push(`${size}: ${step}: ${error instanceof Error ? error.stack : String(error)}`);
        done(`${size.toLocaleString()} articles FAILED while ${step}: ${String(error)}`);
      }
      await save("partial.json");
    }
    results.flatness = flatnessFigures(results.sizes);
    if (!values["skip-micro"] && !values["search-only"] && !ONLY) {
      step = "running the render micro-benchmark";
      progress("render micro-benchmark…");
      results.render = await renderMicroBenchmark();
      step = "running the hostile-body benchmark";
      progress("hostile-body benchmark…");
      results.markup = await markupBenchmark();
      step = "running the db read micro-benchmark";
      progress("db read micro-benchmark…");
      results.dbRead = await dbReadMicroBenchmark();
      done("micro-benchmarks done");
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
  results.elapsedSeconds = (Date.now() - started) / 1000;
  await save("latest.json");
  await rm(path.join(RESULTS_DIR, "partial.json"), { force: true });
  printReport(results);
}

await run().catch(abort("error"));
