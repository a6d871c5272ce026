// "Flat from 1,000 to 100,000 articles" (target ≤ 1.2×), per route: cost at the largest size ÷ cost
// at the smallest. The sizes are measured minutes apart in separate workerds, so a route's own CPU
// per request also carries whatever the machine did in between; its limit (the same bytes served
// statically, measured in the same rounds) carries the same drift and none of the app. The target
// figure is therefore the route's CPU relative to its limit's, size against size; the raw CPU figures
// and the limit's own drift are printed beside it, so a cell that only passes thanks to the limit shows.

/**
 * @typedef {import("./bench-measure.mjs").Row} Row
 * @typedef {object} FlatnessRow
 * @property {string} label
 * @property {number | null} vsLimit the target figure: (CPU ÷ limit CPU) at `to` ÷ the same at `from`,
 *   each the median of per-round ratios (cpuRatioToLimit); null for a sitemap chunk, whose bytes grow
 *   with the archive (its limit then grows too): its figure is `cpuMs` per listed entry
 * @property {number | null} cpuMs CPU per request (per entry for a sitemap chunk) at `to` ÷ at `from`
 * @property {number | null} limitCpuMs the limit's CPU per request at `to` ÷ at `from`: the drift
 * @property {number | null} ratioToLimit req/s ratioToLimit at `from` ÷ at `to` (noisier)
 * @property {boolean} [perEntry] a sitemap chunk, whose listed URLs grow with the archive
 * @typedef {{ from: string, to: string, target: number, rows: FlatnessRow[] }} Flatness
 */

export const FLAT_TARGET = 1.2;

/** @param {number | null | undefined} a @param {number | null | undefined} b */
const ratio = (a, b) => (a && b ? a / b : null);

/**
 * @param {Row} a the row at the smallest size
 * @param {Row} b the same route at the largest
 * @returns {FlatnessRow}
 */
export function flatnessOf(a, b) {
  const perEntry = Boolean(a.entries && b.entries && a.entries !== b.entries);
  const entries = (/** @type {Row} */ row) => (perEntry ? (row.entries ?? 1) : 1);
  // cpuRatioToLimit is limit ÷ route, so the route's cost relative to its limit is its inverse.
  return {
    label: a.label,
    vsLimit: perEntry ? null : ratio(a.cpuRatioToLimit, b.cpuRatioToLimit),
    cpuMs: ratio(
      b.cpuMsPerRequest && b.cpuMsPerRequest / entries(b),
      a.cpuMsPerRequest && a.cpuMsPerRequest / entries(a),
    ),
    limitCpuMs: ratio(b.limitCpuMsPerRequest, a.limitCpuMsPerRequest),
    ratioToLimit: ratio(a.ratioToLimit, b.ratioToLimit),
    ...(perEntry ? { perEntry } : {}),
  };
}

/**
 * @param {Record<string, { rows: Row[] } | undefined>} sizes keyed by article count, in measured order
 * @returns {Flatness | null} null with fewer than two sizes measured
 */
export function flatnessFigures(sizes) {
  const keys = Object.keys(sizes).filter((s) => sizes[s]?.rows.length);
  const from = keys[0];
  const to = keys.at(-1);
  if (!from || !to || from === to) return null;
  const last = new Map((sizes[to]?.rows ?? []).map((row) => [row.label, row]));
  const rows = (sizes[from]?.rows ?? []).flatMap((a) => {
    const b = last.get(a.label);
    return b && !a.failure && !b.failure ? [flatnessOf(a, b)] : [];
  });
  return { from, to, target: FLAT_TARGET, rows };
}

const times = (/** @type {number | null} */ x) => (x === null ? "-" : `${x.toFixed(2)}×`);

/** @param {Flatness} flatness */
export function printFlatness({ from, to, target, rows }) {
  console.log(
    `\nflatness ${from} → ${to} articles, cost at ${to} ÷ at ${from} (target ≤ ${target}×): ÷limit = CPU relative to`,
  );
  console.log(
    "the same-bytes limit measured in the same rounds (the target figure); cpu = raw CPU per request; limit = the limit's own CPU (drift); req/s = ratioToLimit",
  );
  const width = Math.max(...rows.map((r) => r.label.length));
  console.log(`  ${"route".padEnd(width)}  ÷limit  cpu     limit   req/s`);
  for (const row of rows) {
    const figure = row.perEntry ? row.cpuMs : row.vsLimit;
    const over = figure !== null && figure > target ? "  over" : "";
    const cells = [row.vsLimit, row.cpuMs, row.limitCpuMs, row.ratioToLimit].map((x) => times(x).padEnd(6));
    const note = row.perEntry ? "  (cpu per listed entry is its figure)" : "";
    console.log(`  ${row.label.padEnd(width)}  ${cells.join("  ")}${over}${note}`);
  }
}
