// npm run export -- [--file PATH] [--remote] [--persist-to DIR] [--force]
// Writes every article, revision, slug and scope row, plus token metadata (never secrets or hashes),
// to one JSON file. Local by default (the database `npm start` uses); --remote reads the deployed D1.
import "./lib/env.mjs";
import path from "node:path";
import { parseArgs } from "node:util";
import { exportDatabase, writeBackupFile } from "./lib/backup.mjs";
import { DEFAULT_PERSIST_TO, openLocalD1, wranglerD1 } from "./lib/d1-targets.mjs";

const { values } = parseArgs({
  options: {
    file: { type: "string" },
    remote: { type: "boolean", default: false },
    "persist-to": { type: "string", default: DEFAULT_PERSIST_TO },
    force: { type: "boolean", default: false },
  },
});

const file = path.resolve(
  values.file ?? `backups/edge-news-feed-${new Date().toISOString().slice(0, 10)}.json`,
);
const target = values.remote
  ? wranglerD1({ remote: true })
  : await openLocalD1({ persistTo: values["persist-to"] });

try {
  const data = await exportDatabase(target.d1 ?? target);
  await writeBackupFile(file, data, { force: values.force });
  const counts = Object.entries(data.counts)
    .map(([table, n]) => `${table} ${n}`)
    .join(", ");
  console.error(`exported ${counts}\n→ ${file}`);
} catch (err) {
  const hint =
    err.code === "EEXIST"
      ? " (pass --force to overwrite, or --file for another name)"
      : /no such table/.test(err.message)
        ? " (the database has no tables yet: run npm run db:migrate:local, or npm start)"
        : "";
  console.error(`export failed: ${err.message}${hint}`);
  process.exitCode = 1;
} finally {
  await target.dispose();
}
