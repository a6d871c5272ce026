// npm run import -- --file PATH [--force] [--remote] [--persist-to DIR]
// Restores a backup written by `npm run export` into an empty database; --force replaces existing
// content. Tokens come back revoked (secrets are never exported): mint new ones with `npm run token`.
// Stop `npm start` first when importing locally.
import "./lib/env.mjs";
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { type Backup, importDatabase } from "./lib/backup";
import { BACKUP_OPTIONS, countsLine, openBackupTarget } from "./lib/backup-cli";
import { migrateLocal } from "./lib/d1-targets";

const { values } = parseArgs({ options: BACKUP_OPTIONS });

if (!values.file) {
  console.error(
    "usage: npm run import -- --file backups/edge-news-feed-YYYY-MM-DD.json [--force] [--remote]",
  );
  process.exit(2);
}

const data = JSON.parse(await readFile(values.file, "utf8")) as Backup;
const persistTo = values["persist-to"];
if (!values.remote) await migrateLocal({ persistTo });
const target = await openBackupTarget({ remote: values.remote, persistTo });

try {
  const counts = await importDatabase(target.d1, data, {
    force: values.force,
    // Each wrangler call is one batch; local imports run as a single all-or-nothing batch.
    batchSize: values.remote ? 100 : Number.POSITIVE_INFINITY,
  });
  console.error(
    `imported ${countsLine(counts)} from ${values.file}${values.force ? " (replaced existing content)" : ""}`,
  );
} catch (err) {
  console.error(`import failed: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  await target.dispose();
}
