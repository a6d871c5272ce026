// Prints D1 bytes per article (npm run bench:storage [-- count] [--body-file FILE]); see
// scripts/lib/storage-bytes.mjs. --body-file: bodies from that UTF-8 text's paragraphs instead of the
// bench's template (which compresses far better than real prose).
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { startLocalWorker } from "./lib/local-worker.mjs";
import { measureBytesPerArticle } from "./lib/storage-bytes.mjs";

const { values, positionals } = parseArgs({
  options: { "body-file": { type: "string" } },
  allowPositionals: true,
});
const count = Number(positionals[0] ?? 200);
const bodyFile = values["body-file"];
const bodyText = bodyFile === undefined ? undefined : await readFile(bodyFile, "utf8");
const persistDir = await mkdtemp(path.join(tmpdir(), "enf-storage-"));
// Writes per token are rate limited; this measures storage, not abuse limits.
const worker = await startLocalWorker({
  seed: false,
  persistDir,
  vars: { WRITE_RATE_LIMIT_PER_MINUTE: "1000000" },
});
try {
  const result = await measureBytesPerArticle({
    baseUrl: worker.url,
    token: worker.token,
    persistDir,
    count,
    bodyText,
  });
  console.log(JSON.stringify(result, null, 2));
} finally {
  await worker.stop();
  await rm(persistDir, { recursive: true, force: true });
}
