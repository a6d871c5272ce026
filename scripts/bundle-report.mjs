// npm run bundle:report [-- entry.ts …]: builds each Worker as `npm run build` does (default: both, the
// complete one from wrangler.toml and the split's read Worker from wrangler.read.toml; or each entry given,
// with wrangler.toml's settings) and prints raw and gzip bytes per module group (scripts/lib/bundle-groups.mjs).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { buildEntry, measureGroups, WORKER_CONFIGS } from "./lib/bundle-groups.mjs";

const entries = process.argv.slice(2);
const kib = (/** @type {number} */ bytes) => `${(bytes / 1024).toFixed(1)}`.padStart(7);

/** @type {[string, string | { config: string, script: string }][]} */
const targets = entries.length
  ? entries.map((entry) => [entry, entry])
  : [
      [`complete Worker (${WORKER_CONFIGS.complete.config})`, WORKER_CONFIGS.complete],
      [`read Worker (${WORKER_CONFIGS.read.config})`, WORKER_CONFIGS.read],
    ];

for (const [label, entry] of targets) {
  const dir = await mkdtemp(path.join(tmpdir(), "enf-bundle-report-"));
  try {
    const report = await measureGroups(await buildEntry(dir, entry));
    console.log(`\n${label}: ${kib(report.rawBytes)} KiB raw, ${kib(report.gzipBytes)} KiB gzip`);
    console.log(`${"group".padEnd(24)}${"raw KiB".padStart(8)}${"gzip KiB".padStart(9)}`);
    for (const group of report.groups) {
      console.log(`${group.name.padEnd(24)}${kib(group.rawBytes)} ${kib(group.gzipBytes)}`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
