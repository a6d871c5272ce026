// npm run loadtest [-- --duration 20 --readers 8 --writers 4]
// Mixed load against the built worker (Miniflare on 127.0.0.1, local D1): feed, page and API reads
// plus creates and If-Match PATCHes from several tokens at once. Then proves nothing was lost:
// zero 5xx, every 201 present (and in its feeds), every 200 PATCH reflected, revisions = versions,
// no duplicates. Exits 1 on any loss. Bounded: fixed duration, loopback only.
import "./lib/env.mjs";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { type CreatedByLoad, type PatchedByLoad, verifyNothingLost } from "./lib/load-verify";
import { startLocalWorker } from "./lib/local-worker.mjs";
import { syntheticArticle } from "./lib/synthetic.mjs";
import { insertTokenSql, newToken } from "./lib/tokens";

const { values } = parseArgs({
  options: {
    duration: { type: "string", default: "20" },
    readers: { type: "string", default: "8" },
    writers: { type: "string", default: "4" },
  },
});
const DURATION = Number(values.duration);
const READERS = Number(values.readers);
const WRITERS = Number(values.writers);

// Bounded in time whatever happens: a stuck worker fails the run instead of hanging CI.
setTimeout(
  () => {
    console.error(`loadtest: no result after ${DURATION + 180} s; giving up`);
    process.exit(1);
  },
  (DURATION + 180) * 1000,
).unref();

const worker = await startLocalWorker({
  seed: true,
  vars: { WRITE_RATE_LIMIT_PER_MINUTE: "0", AUTH_FAILURE_LIMIT: "0" },
});
const statusCounts: Record<number, number> = {};
const created: CreatedByLoad[] = [];
const patched: PatchedByLoad[] = [];
let sequence = 0;

/** autocannon's per-connection context: what the request being answered was. */
type LoadContext = { patch: { id: number; title: string } | null };
type AutocannonResult = { requests: { total: number }; latency: { p50: number; p99: number } };

try {
  const tokens: string[] = [];
  for (let i = 0; i < WRITERS; i++) {
    const { secret, row } = await newToken({ name: `load-writer-${i}` });
    await worker.d1.prepare(insertTokenSql(row)).run();
    tokens.push(secret);
  }
  const known = new Map(
    worker.articles.filter((a) => a.status === "published").map((a) => [a.id, `"a${a.id}-v1"`]),
  );
  const count = (status: number) => {
    statusCounts[status] = (statusCounts[status] ?? 0) + 1;
  };

  const readPaths = [
    "/feed.xml",
    "/atom.xml",
    "/feed.json",
    `/section/${encodeURIComponent("深度报道")}/feed.xml`,
    "/",
    "/articles/lakeside-community-governance",
    "/api/v1/articles?limit=10",
  ];
  const readers = autocannon({
    url: worker.url,
    connections: READERS,
    duration: DURATION,
    requests: [
      { setupRequest: (req: object) => ({ ...req, path: readPaths[sequence++ % readPaths.length] }) },
    ],
  });
  readers.on("response", (_client: unknown, status: number) => count(status));

  const writerRuns = tokens.map((token, w) => {
    const run = autocannon({
      url: worker.url,
      connections: 2,
      duration: DURATION,
      requests: [
        {
          setupRequest: (req: object, context: LoadContext) => {
            const n = ++sequence;
            const ids = [...known.keys()];
            // Every third request edits a known article, racing other writers on the same ETag.
            if (n % 3 === 0 && ids.length > 0) {
              const id = ids[n % ids.length];
              const patch = { id: id as number, title: `并发编辑 ${w}-${n}` };
              context.patch = patch;
              return {
                ...req,
                method: "PATCH",
                path: `/api/v1/articles/${id}`,
                headers: {
                  "content-type": "application/json",
                  authorization: `Bearer ${token}`,
                  "if-match": known.get(patch.id),
                },
                body: JSON.stringify({ title: patch.title }),
              };
            }
            context.patch = null;
            const article = { ...syntheticArticle(n, { bodyChars: 600 }), slug: `load-${w}-${n}` };
            return {
              ...req,
              method: "POST",
              path: "/api/v1/articles",
              headers: {
                "content-type": "application/json",
                authorization: `Bearer ${token}`,
                "idempotency-key": `load-${w}-${n}`,
              },
              body: JSON.stringify(article),
            };
          },
          onResponse: (status: number, body: string, context: LoadContext) => {
            count(status);
            if (status === 201) {
              const a = JSON.parse(body);
              created.push({ id: a.id, slug: a.slug, title: a.title, section: a.section });
              known.set(a.id, `"a${a.id}-v${a.version}"`);
            } else if (status === 200 && context.patch) {
              const a = JSON.parse(body);
              patched.push({ id: a.id, version: a.version, title: context.patch.title });
              known.set(a.id, `"a${a.id}-v${a.version}"`);
            }
          },
        },
      ],
    });
    return run;
  });

  const ticker = setInterval(() => {
    const total = Object.values(statusCounts).reduce((a: number, b: number) => a + b, 0);
    process.stderr.write(
      `\r\x1b[2K  ${total} responses, ${created.length} created, ${patched.length} patched…`,
    );
  }, 500);
  const [readResult, ...writeResults] = await Promise.all([readers, ...writerRuns]);
  clearInterval(ticker);
  process.stderr.write("\r\x1b[2K");

  const report = await verifyNothingLost(worker, { created, patched });
  const fiveXX = Object.entries(statusCounts)
    .filter(([s]) => Number(s) >= 500)
    .reduce((a: number, [, n]) => a + n, 0);
  const rows = [
    ["reads", readResult.requests.total, readResult.latency.p50, readResult.latency.p99],
    ...writeResults.map((r: AutocannonResult, i: number) => [
      `writer ${i}`,
      r.requests.total,
      r.latency.p50,
      r.latency.p99,
    ]),
  ];
  console.log(
    `\nLoad test: ${DURATION}s, ${READERS} reader connections, ${WRITERS} writer tokens × 2 connections\n`,
  );
  console.log("stream      requests  p50 ms  p99 ms");
  for (const [name, total, p50, p99] of rows) {
    console.log(
      `${String(name).padEnd(11)} ${String(total).padStart(8)}  ${String(p50).padStart(6)}  ${String(p99).padStart(6)}`,
    );
  }
  console.log(`\nstatus codes: ${JSON.stringify(statusCounts)}`);
  console.log(`5xx responses:            ${fiveXX}`);
  console.log(
    `writes accepted (201):    ${created.length}   found in DB: ${report.createdFound}   in site feed: ${report.inSiteFeed}   in section feed: ${report.inSectionFeed}`,
  );
  console.log(`edits accepted (200):     ${patched.length}   reflected: ${report.patchesReflected}`);
  console.log(
    `revision rows = versions: ${report.revisionMismatches === 0 ? "yes" : `no (${report.revisionMismatches} articles differ)`}`,
  );
  console.log(`duplicates:               ${report.duplicates}`);
  console.log(
    `in flight at the stop:    ${report.unacknowledged} (applied, answer not read before the run ended)`,
  );
  console.log(`lost writes:              ${report.lost}`);
  if (fiveXX > 0 || report.lost > 0 || report.duplicates > 0 || report.revisionMismatches > 0) {
    console.log("\nFAILED: see the figures above");
    process.exitCode = 1;
  } else {
    console.log("\nOK: nothing lost");
  }
} finally {
  await worker.stop();
}
