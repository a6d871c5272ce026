// npm run bench:search [-- --sizes 1000,10000,100000 --duration 5]
// Only the search rows of `npm run bench` (lib/bench-search.mjs): the archive is cloned by SQL
// (lib/bulk-load.mjs), its index built by SQL from the templates' tokens, then the search page,
// the API's q= and a search feed are timed at each size, with the index's bytes per article.
import "./lib/env.mjs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { printSearchFigures, searchFigures } from "./lib/bench-search.mjs";
import { cloneArticles, createTemplates, TEMPLATE_COUNT } from "./lib/bulk-load.mjs";
import { buildWorker, startLocalWorker } from "./lib/local-worker.mjs";
import { workerdCpuReader } from "./lib/process-cpu.mjs";

const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "1000,10000,100000" },
    duration: { type: "string", default: "5" },
  },
});
const sizes = values.sizes
  .split(",")
  .map(Number)
  .sort((a, b) => a - b);
const log = (/** @type {string} */ line) => console.error(line);

const workDir = await mkdtemp(path.join(tmpdir(), "enf-search-bench-"));
/** @type {Record<string, import("./lib/bench-search.mjs").SearchFigures>} */
const bySize = {};
try {
  const scriptPath = await buildWorker(path.join(workDir, "dist"));
  const persistDir = path.join(workDir, "d1");
  let loaded = 0;
  /** @type {number[] | null} */
  let templates = null;
  for (const size of sizes) {
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
      const t0 = Date.now();
      await cloneArticles(worker.d1, templates, loaded, size - TEMPLATE_COUNT);
      loaded = Math.max(loaded, size - TEMPLATE_COUNT);
      log(`${size} articles loaded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      const duration = Number(values.duration);
      const cpuMs = await workerdCpuReader();
      bySize[size] = await searchFigures({ url: worker.url, d1: worker.d1, templates, duration, cpuMs, log });
    } finally {
      await worker.stop();
    }
  }
} finally {
  await rm(workDir, { recursive: true, force: true });
}
printSearchFigures(bySize);
