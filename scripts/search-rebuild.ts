// npm run search:rebuild [-- --remote] [--persist-to DIR]
// Re-indexes every article for search (docs/search.md): after migrations/0003_search.sql on a
// database that already holds articles, after a change to the tokenizer, or to repair.
import "./lib/env.mjs";
import { parseArgs } from "node:util";
import { BACKUP_OPTIONS, openBackupTarget } from "./lib/backup-cli";
import { migrateLocal } from "./lib/d1-targets";
import { rebuildSearchIndex } from "./lib/search-rebuild";

const { values } = parseArgs({
  options: { remote: BACKUP_OPTIONS.remote, "persist-to": BACKUP_OPTIONS["persist-to"] },
});
const persistTo = values["persist-to"];
if (!values.remote) await migrateLocal({ persistTo });
const target = await openBackupTarget({ remote: values.remote, persistTo });
try {
  const count = await rebuildSearchIndex(target.d1, {
    onProgress: (done) => process.stderr.write(`\rindexed ${done} articles`),
  });
  console.error(`\nsearch index rebuilt: ${count} articles${values.remote ? " (remote)" : ""}`);
} catch (err) {
  console.error(`search:rebuild failed: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  await target.dispose();
}
