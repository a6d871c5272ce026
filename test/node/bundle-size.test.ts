// The deployed script's size, measured as the bench measures it (scripts/bench.mjs "bundle"): the output of
// `wrangler deploy --dry-run`, gzipped. Bytes, not time, so a fixed ceiling is safe on a loaded machine.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { buildWorker } from "../../scripts/lib/local-worker.mjs";

// Issue 16 asks for 120 KiB. What the branch reaches today is this ceiling: lower it as the bundle shrinks,
// and raise it only on purpose (a new feature's cost, measured and reported).
const GZIP_CEILING_KIB = 165;

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe("worker bundle", () => {
  it(`gzips to at most ${GZIP_CEILING_KIB} KiB`, async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "enf-bundle-size-"));
    dirs.push(dir);
    const script = await readFile(await buildWorker(dir));
    const gzipKib = gzipSync(script).byteLength / 1024;
    expect(
      gzipKib,
      `${(script.byteLength / 1024).toFixed(1)} KiB raw, ${gzipKib.toFixed(1)} KiB gzip`,
    ).toBeLessThanOrEqual(GZIP_CEILING_KIB);
    // A build that lost most of the app would pass any ceiling.
    expect(script.byteLength).toBeGreaterThan(100 * 1024);
  });
});
