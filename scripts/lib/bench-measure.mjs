// Route vs. same-bytes limit, measured interleaved: each round runs the route and its limit (and, for a
// route that reads D1, the limit that reads one D1 row first; for a 304, /health) back to back, the
// order rotating by round so drift hits all of them, and a row reports the median of the rounds
// (lib/bench-rows.mjs). Rows that read no D1 (cached documents, 304s, /health) are split into
// `cheapSplit`× more rounds of 1/`cheapSplit` the duration: the same measuring time, interleaved
// finer, because their sub-millisecond cost is the one a few busy seconds on the machine move most.
import autocannon from "autocannon";
import { median, toRow } from "./bench-rows.mjs";

export { median };

/**
 * @typedef {object} Target one measured URL
 * @property {string} label
 * @property {string} url
 * @property {Record<string, string>} headers
 * @property {string} limitUrl the limit worker's replay of the same bytes
 * @property {string} [d1LimitUrl] the same replay after one primary-key read of the same D1
 * @property {number} status
 * @property {number} bytes body bytes
 * @property {number | null} d1RowsRead from the counting worker's x-d1-rows-read
 * @property {number} [entries] a sitemap's listed URLs (bench-routes.mjs)
 * @property {string} [healthUrl] /health of the same worker, measured in every round of a 304 row
 * @typedef {{ rps: number, p50: number, p99: number, errors: number, unexpectedStatus: number, cpuMsPerRequest: number | null }} Sample
 * @typedef {object} Row
 * @property {string} label
 * @property {number} status
 * @property {number} bytes
 * @property {number | null} d1RowsRead
 * @property {number} rps median req/s of the rounds
 * @property {number} limitRps median req/s of the limit worker for the same bytes
 * @property {number} ratioToLimit median over rounds of (route req/s ÷ limit req/s of that round)
 * @property {number | null} cpuMsPerRequest workerd CPU per request (all its isolates: the worker and local D1), median
 * @property {number | null} cpuRatioToLimit limit's CPU per request ÷ the route's, median over rounds:
 *   the same ratio from CPU time, which a loaded machine disturbs much less than req/s
 * @property {number} [d1LimitRps] median req/s of the limit that reads one D1 row first
 * @property {number} [ratioToD1Limit] median over rounds of (route req/s ÷ that D1 limit's req/s): the
 *   gap left once the local D1 round trip, which a deployed Worker waits on rather than computes, is paid
 * @property {number | null} [d1LimitCpuMsPerRequest] workerd CPU per request of that D1 limit, median
 * @property {number | null} [limitCpuMsPerRequest] the limit's workerd CPU per request, median: the same
 *   bytes served statically, so across sizes it shows the machine's drift rather than the app's
 * @property {number[]} roundRatios
 * @property {number[]} [roundCpuRatios] per round, limit's CPU per request ÷ the route's
 * @property {number} [sampleSeconds] seconds per sample (duration, or duration ÷ cheapSplit)
 * @property {number} p50 ms, median over rounds
 * @property {number} p99 ms, median over rounds
 * @property {number} errors connection errors, timeouts and unexpected statuses, all rounds
 * @property {number} [healthRatio] route req/s ÷ /health req/s: for a 304 (healthInterleaved) the median
 *   of per-round ratios with /health measured in the same round; else ÷ the size's one /health row
 * @property {number} [healthRps] /health req/s measured in the 304 row's rounds, median
 * @property {number | null} [healthCpuRatio] /health CPU per request ÷ the 304's, median of rounds
 * @property {boolean} [healthInterleaved] healthRatio came from /health measured in every round
 * @property {string} [failure] why the row has no figures
 * @property {number} [entries] a sitemap's listed URLs
 * @property {number} [cpuMsPerEntry] cpuMsPerRequest ÷ entries: flat when a sitemap's cost is per URL
 */

/**
 * One autocannon run; rejects only if autocannon itself fails (bad options, socket exhaustion).
 * @param {string} url
 * @param {Record<string, string>} headers
 * @param {number} expectedStatus
 * @param {{ connections: number, duration: number, cpuMs?: (() => Promise<number>) | null }} load
 * @returns {Promise<Sample>}
 */
async function sample(url, headers, expectedStatus, { connections, duration, cpuMs }) {
  const cpuBefore = cpuMs ? await cpuMs() : Number.NaN;
  const r = await autocannon({ url, headers, connections, duration, timeout: 20 });
  const cpuUsed = cpuMs ? (await cpuMs()) - cpuBefore : Number.NaN;
  const statusCount = /** @type {Record<string, { count: number }>} */ (r.statusCodeStats ?? {});
  const expected = statusCount[String(expectedStatus)]?.count ?? 0;
  return {
    // Total over elapsed time: autocannon's per-second average has no bucket for a 1 s sample.
    rps: r.duration ? r.requests.total / r.duration : 0,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts,
    unexpectedStatus: Math.max(0, r.requests.total - expected),
    cpuMsPerRequest: Number.isFinite(cpuUsed) && r.requests.total ? cpuUsed / r.requests.total : null,
  };
}

/**
 * Retries once after a failure, then gives up with the label and the cause in the message.
 * @template T
 * @param {string} what
 * @param {() => Promise<T>} run
 * @returns {Promise<T>}
 */
export async function withRetry(what, run) {
  try {
    return await run();
  } catch (first) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    try {
      return await run();
    } catch (second) {
      throw new Error(`${what} failed twice: ${String(first)}; then ${String(second)}`, { cause: second });
    }
  }
}

/** @typedef {import("./bench-rows.mjs").Round} Round */

/**
 * What one round of a target measures, in its un-rotated order: [which, url, label, headers, status].
 * @param {Target} target
 * @returns {[keyof Round, string, string, Record<string, string>, number][]}
 */
function roundRuns(target) {
  /** @type {[keyof Round, string, string, Record<string, string>, number][]} */
  const runs = [
    ["route", target.url, target.label, target.headers, target.status],
    ["limit", target.limitUrl, `${target.label} (limit)`, target.headers, target.status],
  ];
  if (target.d1LimitUrl)
    runs.push(["d1Limit", target.d1LimitUrl, `${target.label} (D1 limit)`, target.headers, target.status]);
  if (target.healthUrl) runs.push(["health", target.healthUrl, `${target.label} (/health)`, {}, 200]);
  return runs;
}

/** A row that never waits on D1: cheap, hence measured in more, shorter rounds. */
const isCheap = (/** @type {Target} */ target) => !target.d1LimitUrl;

/**
 * Warms every target and its limit, then measures them in `rounds` interleaved rounds (cheap rows:
 * `rounds × cheapSplit` rounds of `duration ÷ cheapSplit` when that is whole seconds, two consecutive
 * ones reversing the order).
 * @param {Target[]} targets
 * @param {{ connections: number, duration: number, rounds: number, warmup: number, cheapSplit?: number, cpuMs?: (() => Promise<number>) | null }} options
 * @param {(text: string) => void} progress
 * @returns {Promise<Row[]>}
 */
export async function measureTargets(targets, options, progress) {
  const { connections, duration, rounds, warmup, cpuMs } = options;
  // autocannon runs whole seconds (it rounds a shorter duration up), so a split must leave whole ones.
  const asked = Math.max(1, Math.round(options.cheapSplit ?? 1));
  const cheapSplit = Number.isInteger(duration / asked) ? asked : 1;
  /** @type {Map<Target, Round[]>} */
  const samples = new Map(targets.map((t) => [t, []]));
  /** @type {Map<Target, string>} */
  const failures = new Map();
  for (const target of targets) {
    progress(`  warming ${target.label}…`);
    try {
      // Until steady: JIT, D1 page cache and the isolate's heap settle during the first second(s).
      for (const [, url, , headers, status] of roundRuns(target))
        await withRetry(`warm-up of ${url}`, () =>
          sample(url, headers, status, { connections, duration: warmup }),
        );
    } catch (error) {
      failures.set(target, String(error));
    }
  }
  const splitOf = (/** @type {Target} */ target) => (isCheap(target) ? cheapSplit : 1);
  for (let round = 0; round < rounds; round++) {
    for (const target of targets) {
      const split = splitOf(target);
      const load = { connections, duration: duration / split, cpuMs };
      const runs = roundRuns(target);
      for (let part = 0; part < split && !failures.has(target); part++) {
        const index = round * split + part;
        progress(`  round ${index + 1}/${rounds * split}: ${target.label}…`);
        try {
          /** @type {Partial<Round>} */
          const measured = {};
          for (let i = 0; i < runs.length; i++) {
            const [name, url, what, headers, status] = /** @type {(typeof runs)[number]} */ (
              runs[(index + i) % runs.length]
            );
            measured[name] = await withRetry(what, () => sample(url, headers, status, load));
          }
          samples.get(target)?.push(/** @type {Round} */ (measured));
        } catch (error) {
          failures.set(target, String(error));
        }
      }
    }
  }
  return targets.map((target) =>
    toRow(target, samples.get(target) ?? [], failures.get(target), duration / splitOf(target)),
  );
}
