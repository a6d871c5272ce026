// npm run bundle:report [-- entry.ts …]: builds each entry as `npm run build` does (default: the Worker) and
// prints raw and gzip bytes per module group (scripts/lib/bundle-groups.mjs).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { buildEntry, measureGroups } from "./lib/bundle-groups.mjs";

const entries = process.argv.slice(2);
const kib = (/** @type {number} */ bytes) => `${(bytes / 1024).toFixed(1)}`.padStart(7);

for (const entry of entries.length ? entries : [undefined]) {
  const dir = await mkdtemp(path.join(tmpdir(), "enf-bundle-report-"));
  try {
    const report = await measureGroups(await buildEntry(dir, entry));
    console.log(
      `\n${entry ?? "wrangler.toml main"}: ${kib(report.rawBytes)} KiB raw, ${kib(report.gzipBytes)} KiB gzip`,
    );
    console.log(`${"group".padEnd(24)}${"raw KiB".padStart(8)}${"gzip KiB".padStart(9)}`);
    for (const group of report.groups) {
      console.log(`${group.name.padEnd(24)}${kib(group.rawBytes)} ${kib(group.gzipBytes)}`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
