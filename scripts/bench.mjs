// npm run bench [-- --sizes 1000,10000,100000 --duration 5 --connections 8]
// Loads synthetic archives, measures each route with autocannon against the built worker (Miniflare on
// 127.0.0.1), reports every figure as a ratio to the constant route of the same run, plus the render
// micro-benchmark and the bundle size. Results: bench/results/latest.json.
import "./lib/env.mjs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import autocannon from "autocannon";
import { cloneArticles, createTemplates, TEMPLATE_COUNT } from "./lib/bulk-load.mjs";
import { buildWorker, ROOT, startLocalWorker } from "./lib/local-worker.mjs";
import { markupBenchmark, printMarkupReport } from "./lib/markup-bench.mjs";
import { renderMicroBenchmark } from "./lib/render-bench.mjs";

const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "1000,10000,100000" },
    duration: { type: "string", default: "5" },
    connections: { type: "string", default: "8" },
  },
});
const SIZES = values.sizes.split(",").map(Number);
const DURATION = Number(values.duration);
const CONNECTIONS = Number(values.connections);

/**
 * @typedef {{ label: string, status: number, bytes: number, rps: number, p50: number, p99: number, errors: number, ratio?: number }} Row
 *   One route's figures; `ratio` (req/s ÷ the constant route's) is set once the size is measured.
 * @typedef {object} BenchResults
 * @property {string} startedAt
 * @property {Record<string, Row[]>} sizes the rows measured for each archive size
 * @property {{ DURATION: number, CONNECTIONS: number }} config
 * @property {{ rawBytes: number, gzipBytes: number }} bundle
 * @property {Record<string, import("./lib/render-bench.mjs").RenderResult>} render
 * @property {import("./lib/markup-bench.mjs").MarkupResults} markup
 * @property {number} elapsedSeconds
 */

/** @param {string} text */
const progress = (text) => process.stderr.write(`\r\x1b[2K${text}`);
/** @param {string} text */
const done = (text) => process.stderr.write(`\r\x1b[2K${text}\n`);

/**
 * @param {string} label
 * @param {string} url
 * @param {Record<string, string>} [headers]
 * @returns {Promise<Row>}
 */
async function measure(label, url, headers = {}) {
  progress(`  measuring ${label} (${DURATION}s)…`);
  const probe = await fetch(url, { headers, signal: AbortSignal.timeout(60_000) });
  if (probe.status >= 400) throw new Error(`${label}: ${url} answered ${probe.status}`);
  await autocannon({ url, headers, connections: CONNECTIONS, duration: 1 }); // warm-up
  const r = await autocannon({ url, headers, connections: CONNECTIONS, duration: DURATION });
  return {
    label,
    status: probe.status,
    bytes: (await probe.arrayBuffer()).byteLength,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.non2xx - (probe.status === 304 ? r.non2xx : 0),
  };
}

/**
 * @param {string} base
 * @param {number} pages
 */
async function pageCursorUrl(base, pages) {
  let url = `${base}/atom.xml`;
  // Walks the Atom pages (the RSS next link is an atom:link with other attribute order).
  for (let i = 1; i < pages; i++) {
    const xml = await (await fetch(url)).text();
    const next = /<link rel="next" href="([^"]+)"/.exec(xml)?.[1];
    if (!next) return null;
    url = next.replaceAll("&amp;", "&");
  }
  return url.replace("/atom.xml", "/feed.xml");
}

async function run() {
  const started = Date.now();
  const workDir = await mkdtemp(path.join(tmpdir(), "enf-bench-"));
  // The rest of the fields are filled in as the run goes.
  const results = /** @type {BenchResults} */ ({
    startedAt: new Date(started).toISOString(),
    sizes: {},
    config: { DURATION, CONNECTIONS },
  });
  try {
    progress("building the worker bundle…");
    const scriptPath = await buildWorker(path.join(workDir, "dist"));
    const bundle = await readFile(scriptPath);
    results.bundle = { rawBytes: bundle.byteLength, gzipBytes: gzipSync(bundle).byteLength };
    done(
      `bundle: ${(bundle.byteLength / 1024).toFixed(1)} KiB raw, ${(results.bundle.gzipBytes / 1024).toFixed(1)} KiB gzip`,
    );

    const persistDir = path.join(workDir, "d1");
    let loaded = 0;
    /** @type {number[] | null} */
    let templates = null;
    /** @type {string | null} */
    let token = null;
    for (const size of SIZES) {
      // "Uncached" renders every document: no edge cache and no per-isolate document memory
      // (the validator memo stays on, as in production).
      const uncached = await startLocalWorker({
        scriptPath,
        persistDir,
        vars: { FEED_DOCUMENT_CACHE_BYTES: "0" },
        cache: false,
        seed: false,
        migrate: loaded === 0,
      });
      token ??= uncached.token;
      templates ??= await createTemplates(uncached.url, token);
      const t0 = Date.now();
      await cloneArticles(uncached.d1, templates, loaded, size - TEMPLATE_COUNT, (n) =>
        progress(`loading ${n.toLocaleString()} / ${size.toLocaleString()} articles…`),
      );
      loaded = Math.max(loaded, size - TEMPLATE_COUNT);
      done(`${size.toLocaleString()} articles loaded (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
      const base = uncached.url;
      const constant = await measure("constant /health", `${base}/health`);
      const rows = [constant];
      for (const file of ["feed.xml", "atom.xml", "feed.json"]) {
        rows.push(await measure(`/${file} uncached`, `${base}/${file}`));
        const etag = (await fetch(`${base}/${file}`)).headers.get("etag");
        rows.push(
          await measure(`/${file} 304`, `${base}/${file}`, { "if-none-match": /** @type {string} */ (etag) }),
        );
      }
      rows.push(await measure("article page", `${base}/articles/bench-${Math.floor(size / 2)}`));
      rows.push(await measure("section feed", `${base}/section/${encodeURIComponent("深度报道")}/feed.xml`));
      const page50 = await pageCursorUrl(base, 50);
      if (page50) rows.push(await measure("page 50 of /feed.xml", page50));
      await uncached.stop();

      const cached = await startLocalWorker({
        scriptPath,
        persistDir,
        cache: true,
        seed: false,
        migrate: false,
      });
      for (const file of ["feed.xml", "atom.xml", "feed.json"]) {
        rows.push(await measure(`/${file} cached`, `${cached.url}/${file}`));
      }
      // Same code path, one item: what is left of the gap to /health when the body is small.
      rows.push(await measure("/feed.xml?limit=1 cached", `${cached.url}/feed.xml?limit=1`));
      await cached.stop();

      const ceiling = constant.rps;
      for (const row of rows) row.ratio = row.rps / ceiling;
      results.sizes[size] = rows;
      // Written after every size, so a run that dies later still leaves what it measured.
      await mkdir(path.join(ROOT, "bench/results"), { recursive: true });
      await writeFile(path.join(ROOT, "bench/results/partial.json"), `${JSON.stringify(results, null, 2)}\n`);
      done(`${size.toLocaleString()} articles measured`);
    }
    progress("render micro-benchmark…");
    results.render = await renderMicroBenchmark();
    done("render micro-benchmark done");
    progress("hostile-body benchmark…");
    results.markup = await markupBenchmark();
    done("hostile-body benchmark done");
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
  results.elapsedSeconds = (Date.now() - started) / 1000;
  await mkdir(path.join(ROOT, "bench/results"), { recursive: true });
  await writeFile(path.join(ROOT, "bench/results/latest.json"), `${JSON.stringify(results, null, 2)}\n`);
  printReport(results);
}

/** @param {BenchResults} results */
function printReport(results) {
  const sizes = Object.keys(results.sizes);
  /** @param {string | undefined} size */
  const rowsAt = (size) => /** @type {Row[]} */ (results.sizes[/** @type {string} */ (size)]);
  console.log(
    `\nEdge News Feed benchmark — ${CONNECTIONS} connections, ${DURATION}s per route, ratio = req/s ÷ constant route\n`,
  );
  const labels = rowsAt(sizes[0]).map((r) => r.label);
  const header = ["route", ...sizes.flatMap((s) => [`${s} req/s`, "p50", "p99", "ratio"])];
  const lines = labels.map((label) => [
    label,
    ...sizes.flatMap((s) => {
      const r = rowsAt(s).find((x) => x.label === label);
      return r
        ? [r.rps.toFixed(0), `${r.p50}ms`, `${r.p99}ms`, `${((r.ratio ?? 0) * 100).toFixed(0)}%`]
        : ["-", "-", "-", "-"];
    }),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => String(l[i]).length)));
  /** @param {string[]} cols */
  const fmt = (cols) => cols.map((c, i) => String(c).padEnd(widths[i] ?? 0)).join("  ");
  console.log(fmt(header));
  for (const line of lines) console.log(fmt(line));
  if (sizes.length > 1) {
    const first = sizes[0];
    const last = sizes.at(-1);
    console.log(`\nscaling ${first} → ${last} articles (p50 latency ratio; target ≤ 1.2×):`);
    for (const label of labels.slice(1)) {
      const a = rowsAt(first).find((x) => x.label === label);
      const b = rowsAt(last).find((x) => x.label === label);
      if (a && b)
        console.log(`  ${label.padEnd(26)} ${(b.rps ? a.rps / b.rps : 0).toFixed(2)}× slower (req/s)`);
    }
  }
  console.log("\nrender micro-benchmark (50 full-content items, median CPU ms per render, in Node):");
  for (const [format, r] of Object.entries(results.render)) {
    console.log(
      `  ${format.padEnd(6)} ${r.medianMs.toFixed(3)} ms  (p90 ${r.p90Ms.toFixed(3)} ms, ${r.bytes} bytes, ${r.runs} runs)`,
    );
  }
  printMarkupReport(results.markup);
  console.log(
    `\nbundle (wrangler deploy --dry-run): ${(results.bundle.rawBytes / 1024).toFixed(1)} KiB raw, ${(results.bundle.gzipBytes / 1024).toFixed(1)} KiB gzip`,
  );
  console.log(`elapsed ${results.elapsedSeconds.toFixed(0)} s — results in bench/results/latest.json`);
}

await run();
