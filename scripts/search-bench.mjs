// npm run bench:search [-- --sizes 1000,10000,100000 --duration 5]
// Search rows for the benchmark: query latency (p50/p99) of the search page, the API's q= and a
// search feed at each archive size, and the index's bytes per article. The archive is cloned by SQL
// (lib/bulk-load.mjs, which writes no index rows), then indexed by the same rebuild function
// `npm run search:rebuild` runs. Run alone, it prints its rows; `searchBench` returns them.
import "./lib/env.mjs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { cloneArticles, createTemplates, TEMPLATE_COUNT } from "./lib/bulk-load.mjs";
import { buildWorker, startLocalWorker } from "./lib/local-worker.mjs";
import { rebuildSearchIndex } from "./lib/search-rebuild";

// "500" is one clone's title number (第500号稿件): one match at every size, so the rows show what
// the archive's size costs. 网格化 stands in every template, so it matches every article: its rows
// show the cost of ranking all matches, which grows with them.
const QUERIES = [
  { label: "/search?q=500 (1 match)", path: `/search?q=500` },
  { label: "/api/v1/articles?q=500", path: `/api/v1/articles?q=500&limit=20` },
  { label: "/search/feed.xml?q=500", path: `/search/feed.xml?q=500` },
  { label: "/search?q=网格化 (every article)", path: `/search?q=${encodeURIComponent("网格化")}` },
  { label: "/search/feed.xml?q=网格化", path: `/search/feed.xml?q=${encodeURIComponent("网格化")}` },
];

/**
 * @typedef {{ size: number, label: string, status: number, samples: number, p50: number, p99: number,
 *   ratio: number }} SearchRow one route at one size, milliseconds; ratio = p50 ÷ /health's p50
 * @typedef {{ size: number, indexBytes: number, bytesPerArticle: number }} IndexRow
 */

/**
 * One request at a time for `seconds` (at least MIN_SAMPLES requests): the latency of a query
 * itself, not of a queue of them. A query that ranks every article takes long enough that
 * concurrent load would only measure the queue.
 * @param {string} url
 * @param {number} seconds
 */
async function measure(url, seconds) {
  const warm = await fetch(url, { signal: AbortSignal.timeout(600_000) });
  await warm.arrayBuffer();
  if (warm.status >= 400) throw new Error(`${url} answered ${warm.status}`);
  /** @type {number[]} */
  const samples = [];
  const until = Date.now() + seconds * 1000;
  while (samples.length < MIN_SAMPLES || Date.now() < until) {
    const t0 = performance.now();
    const res = await fetch(url, { signal: AbortSignal.timeout(600_000) });
    await res.arrayBuffer();
    samples.push(performance.now() - t0);
  }
  samples.sort((x, y) => x - y);
  const at = (/** @type {number} */ q) =>
    samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? 0;
  return { status: warm.status, samples: samples.length, p50: round(at(0.5)), p99: round(at(0.99)) };
}

const MIN_SAMPLES = 5;
const round = (/** @type {number} */ ms) => Math.round(ms * 10) / 10;

/**
 * Bytes the index holds: FTS5's shadow tables' payload (D1 offers neither dbstat nor page_count).
 * @param {import("./lib/sql-database").SqlDatabase} d1
 */
async function indexBytes(d1) {
  const row = /** @type {{ bytes: number }} */ (
    await d1
      .prepare(
        `select (select coalesce(sum(length(block)), 0) from article_search_data)
          + (select coalesce(sum(length(sz)) + 8 * count(*), 0) from article_search_docsize)
          + (select coalesce(sum(length(term)) + 16 * count(*), 0) from article_search_idx) as bytes`,
      )
      .first()
  );
  return row.bytes;
}

/**
 * @param {{ sizes: number[], duration?: number, log?: (line: string) => void }} options
 * @returns {Promise<{ rows: SearchRow[], index: IndexRow[] }>}
 */
export async function searchBench({ sizes, duration = 5, log = () => {} }) {
  const workDir = await mkdtemp(path.join(tmpdir(), "enf-search-bench-"));
  /** @type {SearchRow[]} */
  const rows = [];
  /** @type {IndexRow[]} */
  const index = [];
  try {
    const scriptPath = await buildWorker(path.join(workDir, "dist"));
    const persistDir = path.join(workDir, "d1");
    let loaded = 0;
    /** @type {number[] | null} */
    let templates = null;
    for (const size of [...sizes].sort((a, b) => a - b)) {
      // No edge cache and no document memory: every request runs its query.
      const worker = await startLocalWorker({
        scriptPath,
        persistDir,
        vars: { FEED_DOCUMENT_CACHE_BYTES: "0" },
        cache: false,
        seed: false,
        migrate: loaded === 0,
      });
      try {
        templates ??= await createTemplates(worker.url, worker.token);
        await cloneArticles(worker.d1, templates, loaded, size - TEMPLATE_COUNT);
        loaded = Math.max(loaded, size - TEMPLATE_COUNT);
        const t0 = Date.now();
        const indexed = await rebuildSearchIndex(worker.d1);
        log(`${size} articles: ${indexed} indexed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
        const bytes = await indexBytes(worker.d1);
        index.push({ size, indexBytes: bytes, bytesPerArticle: Math.round(bytes / indexed) });
        const health = await measure(`${worker.url}/health`, duration);
        for (const query of QUERIES) {
          const m = await measure(`${worker.url}${query.path}`, duration);
          rows.push({ size, label: query.label, ...m, ratio: m.p50 / Math.max(health.p50, 0.1) });
          log(`  ${query.label}: p50 ${m.p50} ms, p99 ${m.p99} ms (${m.samples} requests)`);
        }
      } finally {
        await worker.stop();
      }
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
  return { rows, index };
}

/** @param {{ rows: SearchRow[], index: IndexRow[] }} results */
export function printSearchReport({ rows, index }) {
  const sizes = [...new Set(rows.map((r) => r.size))];
  console.log(
    "\nsearch — p50 / p99 latency per size; flat = p50 at the largest size ÷ at the smallest (target ≤ 1.2×)",
  );
  for (const label of new Set(rows.map((r) => r.label))) {
    const at = sizes.map((s) => rows.find((r) => r.size === s && r.label === label));
    const cells = at.map((r, i) => `${sizes[i]}: ${r ? `${r.p50}/${r.p99} ms` : "-"}`);
    const first = at[0];
    const last = at.at(-1);
    const flat = first && last && first.p50 > 0 ? (last.p50 / first.p50).toFixed(2) : "-";
    console.log(`  ${label.padEnd(34)} ${cells.join("  ")}  flat ${flat}×`);
  }
  for (const row of index) {
    console.log(`  index at ${row.size}: ${row.bytesPerArticle} bytes per article (${row.indexBytes} bytes)`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { values } = parseArgs({
    options: {
      sizes: { type: "string", default: "1000,10000,100000" },
      duration: { type: "string", default: "5" },
    },
  });
  const results = await searchBench({
    sizes: values.sizes.split(",").map(Number),
    duration: Number(values.duration),
    log: (line) => console.error(line),
  });
  printSearchReport(results);
}
