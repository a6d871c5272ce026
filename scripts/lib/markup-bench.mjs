// CPU time of the write-time body pipeline on hostile bodies (the inputs that took marked and the old
// sanitizer 9–112 s), at 240 KB and 480 KB: median ms per body and the ratio when the input doubles.
import { pathToFileURL } from "node:url";
import { withBenchBundle } from "./bench-bundle.mjs";

const KB = 1024;
/**
 * @param {string} unit
 * @param {number} bytes
 */
const fill = (unit, bytes) => unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes);
const balancedNest = `${"<ol><li><p>".repeat(50)}x${"</ol>".repeat(50)}`;

/** @type {[label: string, format: "html" | "markdown", make: (bytes: number) => string][]} */
export const MARKUP_CASES = [
  ["markdown _a × N", "markdown", (n) => fill("_a", n)],
  ["markdown *a × N", "markdown", (n) => fill("*a", n)],
  ["markdown *_a × N", "markdown", (n) => fill("*_a", n)],
  ["markdown [a]( × N", "markdown", (n) => fill("[a](", n)],
  ["markdown [ × N", "markdown", (n) => fill("[", n)],
  ["markdown backtick runs", "markdown", (n) => fill("`a``b```c", n)],
  ["markdown > × N (refused)", "markdown", (n) => fill(">", n)],
  ["html <ol><li><p> × N (refused)", "html", (n) => fill("<ol><li><p>", n)],
  ["html balanced nested lists", "html", (n) => fill(balancedNest, n)],
  ["html <p></p> × N", "html", (n) => fill("x<p></p>", n)],
  ["html < × N (413 row size)", "html", (n) => fill("<", n)],
];

/**
 * @typedef {{ label: string, status: number, smallMs: number, largeMs: number, ratio: number }} MarkupRow
 * @typedef {{ sizes: number[], runs: number, rows: MarkupRow[] }} MarkupResults
 */

/**
 * @param {() => unknown} run
 * @param {number} runs
 * @returns {number}
 */
function medianCpuMs(run, runs) {
  /** @type {number[]} */
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = process.cpuUsage();
    run();
    const used = process.cpuUsage(start);
    times.push((used.user + used.system) / 1000);
  }
  times.sort((a, b) => a - b);
  return /** @type {number} */ (times[Math.floor(runs / 2)]);
}

/**
 * @param {{ runs?: number, sizes?: number[] }} [options] sizes: the small and the large input, in bytes
 * @returns {Promise<MarkupResults>}
 */
export async function markupBenchmark({ runs = 5, sizes = [240 * KB, 480 * KB] } = {}) {
  return withBenchBundle(
    "markup-bench-entry.ts",
    async (/** @type {typeof import("./markup-bench-entry")} */ { prepareBody }) => {
      /** @type {MarkupRow[]} */
      const rows = [];
      for (const [label, format, make] of MARKUP_CASES) {
        const [small, large] = /** @type {[string, string]} */ (sizes.map((n) => make(n)));
        const status = prepareBody(large, format);
        const smallMs = medianCpuMs(() => prepareBody(small, format), runs);
        const largeMs = medianCpuMs(() => prepareBody(large, format), runs);
        rows.push({ label, status, smallMs, largeMs, ratio: largeMs / Math.max(smallMs, 0.001) });
      }
      return { sizes, runs, rows };
    },
  );
}

/** @param {MarkupResults} markup */
export function printMarkupReport(markup) {
  const [small, large] = /** @type {[string, string]} */ (markup.sizes.map((n) => `${n / KB} KB`));
  console.log(`\nhostile bodies through the write pipeline (median CPU ms of ${markup.runs}, in Node):`);
  console.log(
    `  ${"body".padEnd(34)} ${"status".padEnd(6)} ${small.padStart(9)} ${large.padStart(9)}  ratio`,
  );
  for (const r of markup.rows) {
    console.log(
      `  ${r.label.padEnd(34)} ${String(r.status).padEnd(6)} ${r.smallMs.toFixed(1).padStart(9)} ${r.largeMs.toFixed(1).padStart(9)}  ${r.ratio.toFixed(2)}×`,
    );
  }
}

// `node scripts/lib/markup-bench.mjs` runs this section alone.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  printMarkupReport(await markupBenchmark());
}
