// A bench row from its interleaved rounds (lib/bench-measure.mjs): every ratio is the median of the
// per-round ratios, each round's route, limit (and D1 limit, and /health for a 304) measured back to
// back, so drift between rounds cancels instead of landing in one figure.

/**
 * @typedef {import("./bench-measure.mjs").Target} Target
 * @typedef {import("./bench-measure.mjs").Row} Row
 * @typedef {{ rps: number, p50: number, p99: number, errors: number, unexpectedStatus: number, cpuMsPerRequest: number | null }} Sample
 * @typedef {{ route: Sample, limit: Sample, d1Limit?: Sample, health?: Sample }} Round
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
 * Median over the rounds where both samples have a figure, of `ratio(a, b)`; null when none has.
 * @param {Round[]} rounds
 * @param {(round: Round) => [number | null | undefined, number | null | undefined]} pick
 * @param {(a: number, b: number) => number} ratio
 */
function medianRatio(rounds, pick, ratio) {
  const values = rounds.map(pick).flatMap(([a, b]) => (a && b ? [ratio(a, b)] : []));
  return values.length ? median(values) : null;
}

/** @param {Round[]} rounds @param {(round: Round) => number | null | undefined} pick */
function medianOf(rounds, pick) {
  const values = rounds.flatMap((round) => {
    const value = pick(round);
    return value ? [value] : [];
  });
  return values.length ? median(values) : null;
}

/** @param {Round[]} rounds CPU: the cheaper side's cost ÷ the route's, per round */
const cpuRatios = (/** @type {Round[]} */ rounds, /** @type {"limit" | "health"} */ side) =>
  rounds.flatMap((r) => {
    const other = r[side]?.cpuMsPerRequest;
    const route = r.route.cpuMsPerRequest;
    return other && route ? [other / route] : [];
  });

/**
 * @param {Target} target
 * @param {Round[]} rounds
 * @param {string | undefined} failure
 * @param {number} sampleSeconds
 * @returns {Row}
 */
export function toRow(target, rounds, failure, sampleSeconds) {
  const roundRatios = rounds.map((p) => (p.limit.rps ? p.route.rps / p.limit.rps : 0));
  const roundCpuRatios = cpuRatios(rounds, "limit");
  const cpuMsPerRequest = medianOf(rounds, (r) => r.route.cpuMsPerRequest);
  const cpuFigures = {
    cpuMsPerRequest,
    cpuRatioToLimit: roundCpuRatios.length ? median(roundCpuRatios) : null,
    limitCpuMsPerRequest: medianOf(rounds, (r) => r.limit.cpuMsPerRequest),
  };
  const { label, status, bytes, d1RowsRead } = target;
  const figures = rounds.length
    ? {
        rps: median(rounds.map((p) => p.route.rps)),
        limitRps: median(rounds.map((p) => p.limit.rps)),
        ratioToLimit: median(roundRatios),
        p50: median(rounds.map((p) => p.route.p50)),
        p99: median(rounds.map((p) => p.route.p99)),
      }
    : { rps: 0, limitRps: 0, ratioToLimit: 0, p50: 0, p99: 0 };
  const d1Rounds = rounds.filter((p) => p.d1Limit);
  const d1Figures = d1Rounds.length
    ? {
        d1LimitRps: median(d1Rounds.map((p) => p.d1Limit?.rps ?? 0)),
        ratioToD1Limit: median(d1Rounds.map((p) => (p.d1Limit?.rps ? p.route.rps / p.d1Limit.rps : 0))),
        d1LimitCpuMsPerRequest: d1Rounds.every((p) => p.d1Limit?.cpuMsPerRequest)
          ? median(d1Rounds.map((p) => p.d1Limit?.cpuMsPerRequest ?? 0))
          : null,
      }
    : {};
  const healthRounds = rounds.filter((p) => p.health);
  const healthCpuRatios = cpuRatios(healthRounds, "health");
  const healthFigures = healthRounds.length
    ? {
        healthRatio:
          medianRatio(
            healthRounds,
            (r) => [r.route.rps, r.health?.rps],
            (a, b) => a / b,
          ) ?? 0,
        healthRps: median(healthRounds.map((p) => p.health?.rps ?? 0)),
        healthCpuRatio: healthCpuRatios.length ? median(healthCpuRatios) : null,
        healthInterleaved: true,
      }
    : {};
  const errors = rounds.reduce((n, p) => n + p.route.errors + p.route.unexpectedStatus, 0);
  return {
    label,
    status,
    bytes,
    d1RowsRead,
    ...figures,
    ...cpuFigures,
    ...d1Figures,
    ...healthFigures,
    roundRatios,
    roundCpuRatios,
    sampleSeconds,
    errors,
    ...(target.entries ? { entries: target.entries } : {}),
    ...(target.entries && cpuMsPerRequest ? { cpuMsPerEntry: cpuMsPerRequest / target.entries } : {}),
    ...(failure ? { failure } : {}),
  };
}
