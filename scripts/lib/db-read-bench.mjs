// Per-request drizzle CPU of the article read: building Db, building the select, decoding the row.
import { isDeepStrictEqual } from "node:util";
import { withBenchBundle } from "./bench-bundle.mjs";

/** @param {() => unknown} step @param {number} runs @returns {Promise<number>} median CPU µs per call */
async function medianMicros(step, runs) {
  const batch = 200;
  for (let i = 0; i < batch; i++) await step();
  /** @type {number[]} */
  const times = [];
  for (let r = 0; r < runs; r++) {
    const start = process.cpuUsage();
    for (let i = 0; i < batch; i++) await step();
    const used = process.cpuUsage(start);
    times.push((used.user + used.system) / batch);
  }
  times.sort((a, b) => a - b);
  return /** @type {number} */ (times[Math.floor(runs / 2)]);
}

/**
 * @typedef {{ createDbWithSchemaUs: number, createDbUs: number, builderReadUs: number,
 *   compiledReadUs: number, compiledToBuilder: number }} DbReadResult
 * @param {{ runs?: number }} [options]
 * @returns {Promise<DbReadResult>}
 */
export async function dbReadMicroBenchmark({ runs = 41 } = {}) {
  return withBenchBundle(
    "db-read-bench-entry.ts",
    async (/** @type {typeof import("./db-read-bench-entry")} */ m) => {
      // Same bytes out or the comparison means nothing.
      if (!isDeepStrictEqual(await m.readWithBuilder(), await m.readCompiled())) {
        throw new Error("compiled read differs from the builder's");
      }
      const builderReadUs = await medianMicros(m.readWithBuilder, runs);
      const compiledReadUs = await medianMicros(m.readCompiled, runs);
      return {
        createDbWithSchemaUs: await medianMicros(m.createDbWithSchema, runs),
        createDbUs: await medianMicros(m.createDbToday, runs),
        builderReadUs,
        compiledReadUs,
        compiledToBuilder: compiledReadUs / builderReadUs,
      };
    },
  );
}

/** @param {DbReadResult} r */
export function printDbReadReport(r) {
  console.log("\ndb read micro-benchmark (article page row, median CPU µs per request, in Node):");
  console.log(
    `  createDb with { schema }: ${r.createDbWithSchemaUs.toFixed(1)}   without: ${r.createDbUs.toFixed(1)}`,
  );
  console.log(
    `  row via builder: ${r.builderReadUs.toFixed(1)}   compiled once: ${r.compiledReadUs.toFixed(1)}` +
      `   ratio ${r.compiledToBuilder.toFixed(2)}`,
  );
}
