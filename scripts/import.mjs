// npm run import -- --file PATH [--force] [--remote] [--persist-to DIR]
// Restores a backup written by `npm run export` into an empty database; --force replaces existing
// content. Tokens come back revoked (secrets are never exported): mint new ones with `npm run token`.
// Stop `npm start` first when importing locally.
import "./lib/env.mjs";
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { importDatabase } from "./lib/backup.mjs";
import { DEFAULT_PERSIST_TO, migrateLocal, openLocalD1, wranglerD1 } from "./lib/d1-targets.mjs";

const { values } = parseArgs({
  options: {
    file: { type: "string" },
    remote: { type: "boolean", default: false },
    "persist-to": { type: "string", default: DEFAULT_PERSIST_TO },
    force: { type: "boolean", default: false },
  },
});

if (!values.file) {
  console.error(
    "usage: npm run import -- --file backups/edge-news-feed-YYYY-MM-DD.json [--force] [--remote]",
  );
  process.exit(2);
}

const data = JSON.parse(await readFile(values.file, "utf8"));
const persistTo = values["persist-to"];
if (!values.remote) await migrateLocal({ persistTo });
const target = values.remote ? wranglerD1({ remote: true }) : await openLocalD1({ persistTo });

try {
  const counts = await importDatabase(target.d1 ?? target, data, {
    force: values.force,
    // Each wrangler call is one batch; local imports run as a single all-or-nothing batch.
    batchSize: values.remote ? 100 : Number.POSITIVE_INFINITY,
  });
  const summary = Object.entries(counts)
    .map(([table, n]) => `${table} ${n}`)
    .join(", ");
  console.error(
    `imported ${summary} from ${values.file}${values.force ? " (replaced existing content)" : ""}`,
  );
} catch (err) {
  console.error(`import failed: ${err.message}`);
  process.exitCode = 1;
} finally {
  await target.dispose();
}
