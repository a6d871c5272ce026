// The table `npm run bench` prints from bench/results/latest.json's figures.
import { flatnessFigures, printFlatness } from "./bench-flatness.mjs";
import { printSearchFigures } from "./bench-search.mjs";
import { printDbReadReport } from "./db-read-bench.mjs";
import { printMarkupReport } from "./markup-bench.mjs";

const pct = (/** @type {number | undefined} */ x) => (x === undefined ? "-" : `${(x * 100).toFixed(0)}%`);

/**
 * @param {string[]} header
 * @param {string[][]} lines
 */
function printTable(header, lines) {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => String(l[i]).length)));
  /** @param {string[]} cols */
  const fmt = (cols) => cols.map((c, i) => String(c).padEnd(widths[i] ?? 0)).join("  ");
  console.log(fmt(header));
  for (const line of lines) console.log(fmt(line));
}

/** @param {import("../bench.mjs").BenchResults} results */
export function printReport(results) {
  const { config } = results;
  const sizes = Object.keys(results.sizes);
  console.log(
    `\nEdge News Feed benchmark — ${config.connections} connections, ${config.rounds} interleaved rounds of ${config.duration}s per route and per limit (medians)`,
  );
  console.log(
    "limit = a static worker in the same workerd serving the same bytes; D1 limit = the same after one D1 row read; rows = D1 rows read per request\n",
  );
  const first = sizes[0];
  const labels = first ? (results.sizes[first]?.rows ?? []).map((r) => r.label) : [];
  const header = [
    "route",
    "bytes",
    ...sizes.flatMap((s) => [`${s} req/s`, "÷limit", "÷D1 limit", "÷health", "cpu ms", "cpu÷limit", "rows"]),
  ];
  const lines = labels.map((label) => {
    const bytes = results.sizes[first ?? ""]?.rows.find((r) => r.label === label)?.bytes ?? 0;
    return [
      label,
      String(bytes),
      ...sizes.flatMap((s) => {
        const r = results.sizes[s]?.rows.find((x) => x.label === label);
        if (!r) return ["-", "-", "-", "-", "-", "-", "-"];
        if (r.failure) return ["failed", "-", "-", "-", "-", "-", "-"];
        return [
          r.rps.toFixed(0),
          pct(r.ratioToLimit),
          pct(r.ratioToD1Limit),
          pct(r.healthRatio),
          r.cpuMsPerRequest?.toFixed(2) ?? "-",
          pct(r.cpuRatioToLimit ?? undefined),
          String(r.d1RowsRead ?? "-"),
        ];
      }),
    ];
  });
  printTable(header, lines);
  // /health and its limit are near-identical responses: their ratio is this run's noise gauge.
  for (const s of sizes) {
    const control = results.sizes[s]?.rows.find((r) => r.label === "/health");
    if (control?.roundRatios.length) {
      const spread = Math.max(...control.roundRatios) / Math.max(Math.min(...control.roundRatios), 0.001);
      const warning = spread > 1.2 ? " — req/s ratios are noise at this load; read the cpu columns" : "";
      console.log(`noise at ${s}: /health ÷ its limit spans ${spread.toFixed(2)}× across rounds${warning}`);
    }
  }
  const healthRows = labels.filter((label) =>
    sizes.some((s) => results.sizes[s]?.rows.find((r) => r.label === label)?.healthInterleaved),
  );
  if (healthRows.length)
    console.log(
      "\n304s ÷ /health measured in the same rounds (target ≥ 0.9), by req/s and by CPU per request:",
    );
  for (const label of healthRows) {
    const cells = sizes.map((s) => {
      const r = results.sizes[s]?.rows.find((x) => x.label === label);
      return r?.healthInterleaved
        ? `${s}: ${pct(r.healthRatio)} / cpu ${pct(r.healthCpuRatio ?? undefined)}`
        : `${s}: -`;
    });
    console.log(`  ${label.padEnd(32)} ${cells.join("  ")}`);
  }
  // Recomputed from the rows, so a results file written by an older bench prints the current figures.
  const flatness = flatnessFigures(results.sizes);
  if (flatness) printFlatness(flatness);
  const sitemapLabels = labels.filter((label) =>
    sizes.some((s) => results.sizes[s]?.rows.find((r) => r.label === label)?.cpuMsPerEntry),
  );
  if (sitemapLabels.length)
    console.log("\nsitemaps, CPU µs per listed entry (entries) — flat when cost is per URL:");
  for (const label of sitemapLabels) {
    const cells = sizes.map((s) => {
      const r = results.sizes[s]?.rows.find((x) => x.label === label);
      return r?.cpuMsPerEntry ? `${s}: ${(r.cpuMsPerEntry * 1000).toFixed(1)} (${r.entries})` : `${s}: -`;
    });
    console.log(`  ${label.padEnd(32)} ${cells.join("  ")}`);
  }
  console.log("\nD1 bytes per article (SQLite file ÷ articles):");
  for (const s of sizes) {
    const storage = results.sizes[s]?.storage;
    if (storage)
      console.log(
        `  ${s.padEnd(8)} ${storage.bytesPerArticle.toFixed(0)} B (${storage.sqliteBytes} B / ${storage.articles})`,
      );
  }
  printSearchFigures(Object.fromEntries(sizes.map((s) => [s, results.sizes[s]?.search])));
  if (results.render) {
    console.log("\nrender micro-benchmark (50 full-content items, median CPU ms per render, in Node):");
    for (const [format, r] of Object.entries(results.render)) {
      console.log(
        `  ${format.padEnd(8)} ${r.medianMs.toFixed(3)} ms  (p90 ${r.p90Ms.toFixed(3)} ms, ${r.bytes} bytes, ${r.runs} runs)`,
      );
    }
  }
  if (results.markup) printMarkupReport(results.markup);
  if (results.dbRead) printDbReadReport(results.dbRead);
  if (results.bundle) {
    const { rawBytes, gzipBytes } = results.bundle;
    console.log(
      `\nbundle (wrangler deploy --dry-run): ${(rawBytes / 1024).toFixed(1)} KiB raw, ${(gzipBytes / 1024).toFixed(1)} KiB gzip`,
    );
  }
  if (results.failures.length) {
    console.log("\nNOT MEASURED:");
    for (const failure of results.failures) console.log(`  ${failure}`);
  }
  console.log(`elapsed ${(results.elapsedSeconds ?? 0).toFixed(0)} s — results in bench/results/latest.json`);
}
