// npm run storage:compact [-- --remote] [--persist-to DIR]
// Deflates the bodies of rows written before migrations/0006 (src/db/body-compaction.ts) all at
// once, instead of the cron's 100 a minute. Safe while the site runs: it changes no write_id, and a
// row edited meanwhile is skipped (the edit stored its body the new way).
import "./lib/env.mjs";
import { parseArgs } from "node:util";
import { COMPACTED_PER_RUN, compactLegacyBodies } from "../src/db/body-compaction";
import { BACKUP_OPTIONS, openBackupTarget } from "./lib/backup-cli";
import { migrateLocal } from "./lib/d1-targets";

const { values } = parseArgs({
  options: { remote: BACKUP_OPTIONS.remote, "persist-to": BACKUP_OPTIONS["persist-to"] },
});
const persistTo = values["persist-to"];
if (!values.remote) await migrateLocal({ persistTo });
const target = await openBackupTarget({ remote: values.remote, persistTo });
try {
  let done = 0;
  for (let n = await compactLegacyBodies(target.d1, COMPACTED_PER_RUN); n > 0; ) {
    done += n;
    process.stderr.write(`\rcompacted ${done} articles`);
    n = await compactLegacyBodies(target.d1, COMPACTED_PER_RUN);
  }
  console.error(`\nstorage compacted: ${done} articles${values.remote ? " (remote)" : ""}`);
} catch (err) {
  console.error(`storage:compact failed: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  await target.dispose();
}
