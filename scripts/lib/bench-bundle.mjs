// The micro benchmarks run src/ code in plain Node: esbuild bundles their entry into a temp dir first.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { ROOT } from "./local-worker.mjs";

/**
 * Bundles scripts/lib/`entry`, imports it and hands the module to `run`; the bundle goes when `run` ends.
 * @template M, R
 * @param {string} entry e.g. "render-bench-entry.ts"
 * @param {(module: M) => Promise<R>} run
 * @returns {Promise<R>}
 */
export async function withBenchBundle(entry, run) {
  const dir = await mkdtemp(path.join(tmpdir(), `enf-${path.basename(entry, ".ts")}-`));
  try {
    const outfile = path.join(dir, "bundle.mjs");
    await build({
      entryPoints: [path.join(ROOT, "scripts/lib", entry)],
      bundle: true,
      platform: "node",
      format: "esm",
      outfile,
      logLevel: "error",
    });
    return await run(/** @type {M} */ (await import(pathToFileURL(outfile).href)));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
