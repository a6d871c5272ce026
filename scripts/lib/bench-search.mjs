// Search rows for `npm run bench` and `npm run bench:search`: at one archive size, bring the index
// up to date (lib/search-clone-index.ts, by SQL from the templates' tokens), then time the search
// page, the API's q= and a search feed one request at a time, for a one-match query, a query
// matching every article and a typical two-character one; plus the index's bytes per article.
import { indexClones } from "./search-clone-index";

// "500" is one clone's title number (第500号稿件): one match at every size. 网格化 stands in every
// template's body, so it matches every article. 社区 is the common two-character case.
const QUERIES = [
  { name: "one match", q: "500" },
  { name: "every article", q: "网格化" },
  { name: "2 chars", q: "社区" },
];
/** @param {string} q */
const SURFACES = (q) => [
  { surface: "page", path: `/search?q=${encodeURIComponent(q)}` },
  { surface: "API", path: `/api/v1/articles?q=${encodeURIComponent(q)}&limit=20` },
  { surface: "feed", path: `/search/feed.xml?q=${encodeURIComponent(q)}` },
];

const MIN_SAMPLES = 5;
const round = (/** @type {number} */ ms) => Math.round(ms * 10) / 10;

/**
 * @typedef {{ label: string, query: string, surface: string, status: number, samples: number,
 *   p50: number, p99: number, cpuMsPerRequest: number | null }} SearchRow one surface and query,
 *   milliseconds; cpu: workerd's (worker and local D1), which other processes disturb far less
 * @typedef {{ articles: number, indexed: number, indexSeconds: number, indexBytes: number,
 *   bytesPerArticle: number, rows: SearchRow[] }} SearchFigures the `search` part of one size
 */

/**
 * One request at a time for `seconds` (at least MIN_SAMPLES): the latency of a query itself, not
 * of a queue of them.
 * @param {string} url
 * @param {number} seconds
 * @param {(() => Promise<number>) | null} cpuMs workerd's CPU so far (lib/process-cpu.mjs), if readable
 */
async function measure(url, seconds, cpuMs) {
  const warm = await fetch(url, { signal: AbortSignal.timeout(600_000) });
  await warm.arrayBuffer();
  if (warm.status >= 400) throw new Error(`${url} answered ${warm.status}`);
  /** @type {number[]} */
  const samples = [];
  const cpuBefore = cpuMs ? await cpuMs() : Number.NaN;
  const until = Date.now() + seconds * 1000;
  while (samples.length < MIN_SAMPLES || Date.now() < until) {
    const t0 = performance.now();
    const res = await fetch(url, { signal: AbortSignal.timeout(600_000) });
    await res.arrayBuffer();
    samples.push(performance.now() - t0);
  }
  const cpuUsed = cpuMs ? (await cpuMs()) - cpuBefore : Number.NaN;
  samples.sort((x, y) => x - y);
  const at = (/** @type {number} */ q) =>
    samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? 0;
  const cpuMsPerRequest = Number.isFinite(cpuUsed) ? round(cpuUsed / samples.length) : null;
  return {
    status: warm.status,
    samples: samples.length,
    p50: round(at(0.5)),
    p99: round(at(0.99)),
    cpuMsPerRequest,
  };
}

/**
 * Bytes the index holds: FTS5's shadow tables' payload (D1 offers neither dbstat nor page_count).
 * @param {import("./sql-database").SqlDatabase} d1
 */
async function indexBytes(d1) {
  const row = /** @type {{ bytes: number }} */ (
    await d1
      .prepare(
        `select (select coalesce(sum(length(block)), 0) from article_search_data)
          + (select coalesce(sum(length(sz)) + 8 * count(*), 0) from article_search_docsize)
          + (select coalesce(sum(length(term)) + 16 * count(*), 0) from article_search_idx) as bytes`,
      )
      .first()
  );
  return row.bytes;
}

/**
 * @param {{ url: string, d1: import("./sql-database").SqlDatabase, templates: number[],
 *   duration: number, cpuMs?: (() => Promise<number>) | null, log?: (line: string) => void }} options
 *   the worker must have no edge cache
 *   and no document memory (FEED_DOCUMENT_CACHE_BYTES=0), so every request runs its query
 * @returns {Promise<SearchFigures>}
 */
export async function searchFigures({ url, d1, templates, duration, cpuMs = null, log = () => {} }) {
  const t0 = Date.now();
  await indexClones(d1, templates);
  // FTS5's own merge of the segments the bulk inserts left: the index a long-lived archive has.
  await d1.prepare("insert into article_search (article_search) values ('optimize')").run();
  const indexSeconds = (Date.now() - t0) / 1000;
  const count = async (/** @type {string} */ table) =>
    /** @type {{ n: number }} */ (await d1.prepare(`select count(*) as n from ${table}`).first()).n;
  const articles = await count("articles");
  const indexed = await count("article_search_docsize");
  if (indexed !== articles) throw new Error(`${indexed} of ${articles} articles indexed`);
  log(`${articles} articles: index brought up to date in ${indexSeconds.toFixed(1)} s`);
  const bytes = await indexBytes(d1);
  /** @type {SearchRow[]} */
  const rows = [];
  for (const query of QUERIES) {
    for (const { surface, path } of SURFACES(query.q)) {
      const m = await measure(`${url}${path}`, duration, cpuMs);
      const label = `${surface} q=${query.q} (${query.name})`;
      rows.push({ label, query: query.name, surface, ...m });
      log(
        `  ${label}: p50 ${m.p50} ms, p99 ${m.p99} ms, cpu ${m.cpuMsPerRequest ?? "-"} ms (${m.samples} requests)`,
      );
    }
  }
  return {
    articles,
    indexed,
    indexSeconds,
    indexBytes: bytes,
    bytesPerArticle: Math.round(bytes / indexed),
    rows,
  };
}

/**
 * The search table: p50/p99 per size, and flat = p50 at the largest size ÷ at the smallest.
 * @param {Record<string, SearchFigures | undefined>} bySize
 */
export function printSearchFigures(bySize) {
  const sizes = Object.keys(bySize).filter((s) => bySize[s]);
  if (sizes.length === 0) return;
  console.log(
    "\nsearch — p50/p99 ms one request at a time, and workerd cpu ms per request; flat = at the largest size ÷ at the smallest (target ≤ 1.2×)",
  );
  const labels = bySize[sizes[0] ?? ""]?.rows.map((r) => r.label) ?? [];
  /** @param {number | null | undefined} a @param {number | null | undefined} b */
  const ratio = (a, b) => (a && b ? (b / a).toFixed(2) : "-");
  for (const label of labels) {
    const at = sizes.map((s) => bySize[s]?.rows.find((r) => r.label === label));
    const cells = at.map(
      (r, i) => `${sizes[i]}: ${r ? `${r.p50}/${r.p99} cpu ${r.cpuMsPerRequest ?? "-"}` : "-"}`,
    );
    const first = at[0];
    const last = at.at(-1);
    const flat = `flat p50 ${ratio(first?.p50, last?.p50)}× cpu ${ratio(first?.cpuMsPerRequest, last?.cpuMsPerRequest)}×`;
    console.log(`  ${label.padEnd(30)} ${cells.join("  ")}  ${flat}`);
  }
  for (const s of sizes) {
    const f = bySize[s];
    if (f)
      console.log(
        `  index at ${s}: ${f.bytesPerArticle} bytes per article (${f.indexBytes} B), brought up to date in ${f.indexSeconds.toFixed(1)} s`,
      );
  }
}
