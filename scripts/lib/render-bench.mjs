// CPU time to render a 50-item full-content feed per format, median of many runs, in one process.
import { withBenchBundle } from "./bench-bundle.mjs";

/**
 * @typedef {{ medianMs: number, p90Ms: number, runs: number, bytes: number }} RenderResult
 *   One format's figures: median and p90 CPU ms per render, how many timed renders, the output's bytes.
 */

/**
 * @param {{ runs?: number }} [options]
 * @returns {Promise<Record<string, RenderResult>>}
 */
export async function renderMicroBenchmark({ runs = 300 } = {}) {
  return withBenchBundle(
    "render-bench-entry.ts",
    async (/** @type {typeof import("./render-bench-entry")} */ { fiftyItemFeed, renderers }) => {
      const doc = fiftyItemFeed();
      /** @type {Record<string, RenderResult>} */
      const results = {};
      for (const [format, render] of Object.entries(renderers)) {
        for (let i = 0; i < 30; i++) render(doc);
        /** @type {number[]} */
        const times = [];
        let bytes = 0;
        for (let i = 0; i < runs; i++) {
          const start = process.cpuUsage();
          const out = render(doc);
          const used = process.cpuUsage(start);
          times.push((used.user + used.system) / 1000);
          bytes = Buffer.byteLength(out);
        }
        times.sort((a, b) => a - b);
        results[format] = {
          medianMs: /** @type {number} */ (times[Math.floor(runs / 2)]),
          p90Ms: /** @type {number} */ (times[Math.floor(runs * 0.9)]),
          runs,
          bytes,
        };
      }
      return results;
    },
  );
}
