// npm run export -- [--file PATH] [--remote] [--persist-to DIR] [--force]
// Writes every article, revision, slug and scope row, plus token metadata (never secrets or hashes),
// to one JSON file. Local by default (the database `npm start` uses); --remote reads the deployed D1.
import "./lib/env.mjs";
import path from "node:path";
import { parseArgs } from "node:util";
import { exportDatabase, writeBackupFile } from "./lib/backup";
import { BACKUP_OPTIONS, countsLine, openBackupTarget } from "./lib/backup-cli";

const { values } = parseArgs({ options: BACKUP_OPTIONS });

const file = path.resolve(
  values.file ?? `backups/edge-news-feed-${new Date().toISOString().slice(0, 10)}.json`,
);
const target = await openBackupTarget({ remote: values.remote, persistTo: values["persist-to"] });

try {
  const data = await exportDatabase(target.d1);
  await writeBackupFile(file, data, { force: values.force });
  console.error(`exported ${countsLine(data.counts)}\n→ ${file}`);
} catch (caught) {
  const err = caught as Error & { code?: string };
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
