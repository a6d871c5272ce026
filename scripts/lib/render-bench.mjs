// CPU time to render a 50-item full-content feed per format, median of many runs, in one process.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { ROOT } from "./local-worker.mjs";

/**
 * @typedef {{ medianMs: number, p90Ms: number, runs: number, bytes: number }} RenderResult
 *   One format's figures: median and p90 CPU ms per render, how many timed renders, the output's bytes.
 */

/**
 * @param {{ runs?: number }} [options]
 * @returns {Promise<Record<string, RenderResult>>}
 */
export async function renderMicroBenchmark({ runs = 300 } = {}) {
  const dir = await mkdtemp(path.join(tmpdir(), "enf-render-"));
  try {
    const outfile = path.join(dir, "render.mjs");
    await build({
      entryPoints: [path.join(ROOT, "scripts/lib/render-bench-entry.ts")],
      bundle: true,
      platform: "node",
      format: "esm",
      outfile,
      logLevel: "error",
    });
    const { fiftyItemFeed, renderers } = /** @type {typeof import("./render-bench-entry")} */ (
      await import(pathToFileURL(outfile).href)
    );
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
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
