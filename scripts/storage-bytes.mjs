// Prints D1 bytes per article (npm run storage:bytes [-- count]); see scripts/lib/storage-bytes.mjs.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { startLocalWorker } from "./lib/local-worker.mjs";
import { measureBytesPerArticle } from "./lib/storage-bytes.mjs";

const count = Number(process.argv[2] ?? 200);
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
  });
  console.log(JSON.stringify(result, null, 2));
} finally {
  await worker.stop();
  await rm(persistDir, { recursive: true, force: true });
}
