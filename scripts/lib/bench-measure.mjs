// Route vs. same-bytes limit, measured interleaved: each round runs the route and its limit (and, for a
// route that reads D1, the limit that reads one D1 row first) back to back, the order rotating by round
// so drift hits all of them, and a row reports the median of the rounds.
import autocannon from "autocannon";

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
 * @property {number[]} roundRatios
 * @property {number} p50 ms, median over rounds
 * @property {number} p99 ms, median over rounds
 * @property {number} errors connection errors, timeouts and unexpected statuses, all rounds
 * @property {number} [healthRatio] route req/s ÷ /health req/s of the same size
 * @property {string} [failure] why the row has no figures
 * @property {number} [entries] a sitemap's listed URLs
 * @property {number} [cpuMsPerEntry] cpuMsPerRequest ÷ entries: flat when a sitemap's cost is per URL
 */

/** @param {number[]} values */
export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? /** @type {number} */ (sorted[mid])
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

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
    rps: r.requests.average,
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

/**
 * Warms every target and its limit, then measures them in `rounds` interleaved rounds.
 * @param {Target[]} targets
 * @param {{ connections: number, duration: number, rounds: number, warmup: number, cpuMs?: (() => Promise<number>) | null }} options
 * @param {(text: string) => void} progress
 * @returns {Promise<Row[]>}
 */
export async function measureTargets(targets, { connections, duration, rounds, warmup, cpuMs }, progress) {
  /** @type {Map<Target, Round[]>} */
  const samples = new Map(targets.map((t) => [t, []]));
  /** @type {Map<Target, string>} */
  const failures = new Map();
  for (const target of targets) {
    progress(`  warming ${target.label}…`);
    try {
      // Until steady: JIT, D1 page cache and the isolate's heap settle during the first second(s).
      for (const url of [target.url, target.limitUrl, ...(target.d1LimitUrl ? [target.d1LimitUrl] : [])])
        await withRetry(`warm-up of ${url}`, () =>
          sample(url, target.headers, target.status, { connections, duration: warmup }),
        );
    } catch (error) {
      failures.set(target, String(error));
    }
  }
  for (let round = 0; round < rounds; round++) {
    for (const target of targets) {
      if (failures.has(target)) continue;
      progress(`  round ${round + 1}/${rounds}: ${target.label}…`);
      const load = { connections, duration, cpuMs };
      /** @type {[keyof Round, string, string][]} */
      const runs = [
        ["route", target.url, target.label],
        ["limit", target.limitUrl, `${target.label} (limit)`],
      ];
      if (target.d1LimitUrl) runs.push(["d1Limit", target.d1LimitUrl, `${target.label} (D1 limit)`]);
      try {
        /** @type {Partial<Round>} */
        const measured = {};
        for (let i = 0; i < runs.length; i++) {
          const [name, url, what] = /** @type {[keyof Round, string, string]} */ (
            runs[(round + i) % runs.length]
          );
          measured[name] = await withRetry(what, () => sample(url, target.headers, target.status, load));
        }
        samples.get(target)?.push(/** @type {Round} */ (measured));
      } catch (error) {
        failures.set(target, String(error));
      }
    }
  }
  return targets.map((target) => toRow(target, samples.get(target) ?? [], failures.get(target)));
}

/** @typedef {{ route: Sample, limit: Sample, d1Limit?: Sample }} Round */

/**
 * @param {Target} target
 * @param {Round[]} pairs
 * @param {string | undefined} failure
 * @returns {Row}
 */
function toRow(target, pairs, failure) {
  const roundRatios = pairs.map((p) => (p.limit.rps ? p.route.rps / p.limit.rps : 0));
  const cpuPairs = pairs.filter((p) => p.route.cpuMsPerRequest && p.limit.cpuMsPerRequest);
  const cpuFigures = cpuPairs.length
    ? {
        cpuMsPerRequest: median(cpuPairs.map((p) => p.route.cpuMsPerRequest ?? 0)),
        cpuRatioToLimit: median(
          cpuPairs.map((p) => (p.limit.cpuMsPerRequest ?? 0) / (p.route.cpuMsPerRequest ?? 1)),
        ),
      }
    : { cpuMsPerRequest: null, cpuRatioToLimit: null };
  const { label, status, bytes, d1RowsRead } = target;
  const figures = pairs.length
    ? {
        rps: median(pairs.map((p) => p.route.rps)),
        limitRps: median(pairs.map((p) => p.limit.rps)),
        ratioToLimit: median(roundRatios),
        p50: median(pairs.map((p) => p.route.p50)),
        p99: median(pairs.map((p) => p.route.p99)),
      }
    : { rps: 0, limitRps: 0, ratioToLimit: 0, p50: 0, p99: 0 };
  const d1Pairs = pairs.filter((p) => p.d1Limit);
  const d1Figures = d1Pairs.length
    ? {
        d1LimitRps: median(d1Pairs.map((p) => p.d1Limit?.rps ?? 0)),
        ratioToD1Limit: median(d1Pairs.map((p) => (p.d1Limit?.rps ? p.route.rps / p.d1Limit.rps : 0))),
        d1LimitCpuMsPerRequest: d1Pairs.every((p) => p.d1Limit?.cpuMsPerRequest)
          ? median(d1Pairs.map((p) => p.d1Limit?.cpuMsPerRequest ?? 0))
          : null,
      }
    : {};
  const errors = pairs.reduce((n, p) => n + p.route.errors + p.route.unexpectedStatus, 0);
  return {
    label,
    status,
    bytes,
    d1RowsRead,
    ...figures,
    ...cpuFigures,
    ...d1Figures,
    roundRatios,
    errors,
    ...(target.entries ? { entries: target.entries } : {}),
    ...(target.entries && cpuFigures.cpuMsPerRequest
      ? { cpuMsPerEntry: cpuFigures.cpuMsPerRequest / target.entries }
      : {}),
    ...(failure ? { failure } : {}),
  };
}
