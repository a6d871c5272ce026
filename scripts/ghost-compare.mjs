// npm run bench:ghost -- --ghost-url http://127.0.0.1:2368 [--admin-email … --admin-password …]
//   [--duration 3 --rounds 3 --warmup 1 --connections 8]
// Side by side with Ghost 5 (what a publisher would pick instead), on the same 50 Chinese articles the
// bench generates (lib/synthetic.mts): they go into a running Ghost through its Admin API and into our
// built worker (in Miniflare's workerd, as `npm run bench` runs it) through the editor API; then each
// route and Ghost's counterpart are measured with the same autocannon load in interleaved rounds.
// --ghost-mode names how Ghost was started (development, production); ghost.json keeps one run per mode.
// Ghost runs in Node, we run in workerd, both on this machine's cores. Never run in CI: it needs a
// Ghost the caller installed and started. Results: bench/results/ghost.json.
//
// Installing Ghost offline, outside the repo (`npm install ghost` alone fails: its package points at
// a tarball inside itself and a devDependency on GitHub):
//   npm pack ghost@5.130.4 && mkdir current && tar xzf ghost-5.130.4.tgz -C current --strip-components=1
//   in current/: drop "devDependencies" from package.json, copy "resolutions" (less @tryghost/i18n)
//   to "overrides", then `npm_config_nodedir=/usr npm install --omit=dev --legacy-peer-deps`
//   (sqlite3 and re2 build from source with node-gyp against Debian's Node headers);
//   config.<env>.json beside it: url and server 127.0.0.1:2368, database sqlite3, mail transport
//   "stub", privacy.useUpdateCheck/useGravatar/useRpcPing false, security.staffDeviceVerification
//   false, logging stdout at "warn" or "error"; then `NODE_ENV=production node index.js`.
import "./lib/env.mjs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { startBenchWorkers } from "./lib/bench-workers.mjs";
import { ghostAdmin } from "./lib/ghost-admin.mjs";
import { listenerCpuReader, measureComparisons } from "./lib/ghost-measure.mjs";
import { printGhostReport } from "./lib/ghost-report.mjs";
import { comparisonSpecs, prepareComparisons } from "./lib/ghost-routes.mjs";
import { buildWorker, ROOT } from "./lib/local-worker.mjs";
import { syntheticArticle } from "./lib/synthetic.mjs";

const { values } = parseArgs({
  options: {
    "ghost-url": { type: "string", default: "http://127.0.0.1:2368" },
    "admin-email": { type: "string", default: "bench-owner@example.org" },
    "admin-password": { type: "string", default: "edge-news-feed-bench-1" },
    // How the caller started Ghost (NODE_ENV): results are kept per mode in ghost.json.
    "ghost-mode": { type: "string", default: "development" },
    articles: { type: "string", default: "50" },
    items: { type: "string", default: "15" },
    duration: { type: "string", default: "3" },
    rounds: { type: "string", default: "3" },
    warmup: { type: "string", default: "1" },
    connections: { type: "string", default: "8" },
  },
});
const CONFIG = {
  ghostUrl: values["ghost-url"].replace(/\/$/, ""),
  ghostMode: values["ghost-mode"],
  articles: Number(values.articles),
  items: Number(values.items),
  duration: Number(values.duration),
  rounds: Number(values.rounds),
  warmup: Number(values.warmup),
  connections: Number(values.connections),
};
/** The bench's article at index 4 (its template 4): the article page both sides serve. */
const ARTICLE_INDEX = 4;
/** The section whose page (ours) and tag page (Ghost's) are compared. */
const SECTION = "深度报道";

/** @param {string} text */
const progress = (text) => process.stderr.write(`\r\x1b[2K${text}`);

const articles = Array.from({ length: CONFIG.articles }, (_, i) => syntheticArticle(i));

progress("Ghost: signing in…");
const ghost = await ghostAdmin(CONFIG.ghostUrl, {
  email: values["admin-email"],
  password: values["admin-password"],
});
const posts = await ghost.loadArticles(articles, progress);
const contentKey = await ghost.contentKey();
const ghostTagSlug = posts.flatMap((p) => p.tags).find((t) => t.name === SECTION)?.slug;
if (!ghostTagSlug) throw new Error(`Ghost has no tag named ${SECTION}`);

const workDir = await mkdtemp(path.join(tmpdir(), "enf-ghost-compare-"));
progress("building our worker…");
const scriptPath = await buildWorker(path.join(workDir, "dist"));
const workers = await startBenchWorkers({ scriptPath, persistDir: path.join(workDir, "d1"), migrate: true });
try {
  /** @type {string[]} */
  const slugs = [];
  for (const [i, article] of articles.entries()) {
    progress(`ours: creating article ${i + 1}/${articles.length}…`);
    const res = await fetch(new URL("/api/v1/articles", workers.urls.uncached), {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${workers.token}` },
      body: JSON.stringify(article),
    });
    if (res.status !== 201) throw new Error(`our article ${i}: ${res.status} ${await res.text()}`);
    slugs.push(/** @type {{ slug: string }} */ (await res.json()).slug);
  }
  const specs = comparisonSpecs({
    ghostUrl: CONFIG.ghostUrl,
    ghostMode: CONFIG.ghostMode,
    contentKey,
    ghostArticleSlug: /** @type {string} */ (posts[ARTICLE_INDEX]?.slug),
    ghostTagSlug,
    ourUrls: workers.urls,
    ourArticleSlug: /** @type {string} */ (slugs[ARTICLE_INDEX]),
    section: SECTION,
    items: CONFIG.items,
  });
  progress("probing both sides…");
  const comparisons = await prepareComparisons(specs);
  const ghostCpu = await listenerCpuReader(Number(new URL(CONFIG.ghostUrl).port || 80));
  const rows = await measureComparisons(
    comparisons,
    { ...CONFIG, cpu: { ghost: ghostCpu, ours: workers.cpuMs } },
    progress,
  );
  progress("");
  const results = {
    startedAt: new Date().toISOString(),
    config: CONFIG,
    note: [
      "Ghost runs in Node, ours in Miniflare's workerd (D1 in the same process); both on the same cores.",
      "cpuMsPerRequest: the serving process's user+system CPU (Ghost's Node; our workerd, with the local D1).",
    ].join(" "),
    ghostCpuMeasured: ghostCpu !== null,
    // The Content API key is a local, public-by-design key; the report need not carry it.
    rows: JSON.parse(JSON.stringify(rows).replaceAll(contentKey, "<content-key>")),
  };
  const dir = path.join(ROOT, "bench/results");
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, "ghost.json");
  /** @type {{ runs: Record<string, typeof results> }} */
  const kept = await readFile(file, "utf8")
    .then((text) => JSON.parse(text))
    .catch(() => ({ runs: {} }));
  kept.runs = { ...kept.runs, [CONFIG.ghostMode]: results };
  await writeFile(file, `${JSON.stringify(kept, null, 2)}\n`);
  printGhostReport(results);
} finally {
  await workers.stop();
  await rm(workDir, { recursive: true, force: true });
}
