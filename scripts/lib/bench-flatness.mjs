// "Flat from 1,000 to 100,000 articles" (target ≤ 1.2×), per route: CPU per request at the largest
// size ÷ at the smallest. The sizes are measured minutes apart in separate workerds, so that ratio
// also carries whatever the machine did in between. Every route's limit (the same bytes served
// statically, in the same rounds) carries that drift and none of the app, but one limit alone is as
// noisy as its route; so the drift is the median, over all routes, of their limits' CPU at the largest
// size ÷ at the smallest, and the target figure is each route's ratio ÷ that one number, applied to
// every row alike. The raw ratio and each row's own limit drift are printed beside it.
import { median } from "./bench-rows.mjs";

/**
 * @typedef {import("./bench-measure.mjs").Row} Row
 * @typedef {object} FlatnessRow
 * @property {string} label
 * @property {number | null} cpuMs CPU per request (per listed entry for a sitemap chunk) at `to` ÷ at `from`
 * @property {number | null} corrected the target figure: cpuMs ÷ the run's drift
 * @property {number | null} limitCpuMs this row's limit's CPU per request at `to` ÷ at `from`
 * @property {number | null} ratioToLimit req/s ratioToLimit at `from` ÷ at `to` (noisier)
 * @property {boolean} [perEntry] a sitemap chunk, whose listed URLs (and bytes) grow with the archive
 * @typedef {object} Flatness
 * @property {string} from
 * @property {string} to
 * @property {number} target
 * @property {number | null} drift median over routes (sitemap chunks aside) of limitCpuMs
 * @property {FlatnessRow[]} rows
 */

export const FLAT_TARGET = 1.2;
const PER_ENTRY_FROM = 100;

/** @param {number | null | undefined} a @param {number | null | undefined} b */
const ratio = (a, b) => (a && b ? a / b : null);

/**
 * @param {Row} a the row at the smallest size
 * @param {Row} b the same route at the largest
 * @returns {Omit<FlatnessRow, "corrected">}
 */
export function flatnessOf(a, b) {
  // A chunk listing URLs works per URL; the index lists a handful of chunks and its fixed cost
  // dominates, so it is judged per request like every other route.
  const perEntry = Boolean(a.entries && b.entries && a.entries >= PER_ENTRY_FROM && a.entries !== b.entries);
  const perUnit = (/** @type {Row} */ row) =>
    row.cpuMsPerRequest ? row.cpuMsPerRequest / (perEntry ? (row.entries ?? 1) : 1) : null;
  return {
    label: a.label,
    cpuMs: ratio(perUnit(b), perUnit(a)),
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
  const figures = (sizes[from]?.rows ?? []).flatMap((a) => {
    const b = last.get(a.label);
    return b && !a.failure && !b.failure ? [flatnessOf(a, b)] : [];
  });
  // A sitemap chunk's limit serves 5× the bytes at 100k: its drift is not the machine's.
  const drifts = figures.flatMap((f) => (f.limitCpuMs && !f.perEntry ? [f.limitCpuMs] : []));
  const drift = drifts.length ? median(drifts) : null;
  const rows = figures.map((f) => ({ ...f, corrected: f.cpuMs && drift ? f.cpuMs / drift : f.cpuMs }));
  return { from, to, target: FLAT_TARGET, drift, rows };
}

const times = (/** @type {number | null} */ x) => (x === null ? "-" : `${x.toFixed(2)}×`);

/** @param {Flatness} flatness */
export function printFlatness({ from, to, target, drift, rows }) {
  console.log(
    `\nflatness ${from} → ${to} articles: CPU per request at ${to} ÷ at ${from} (target ≤ ${target}×)`,
  );
  console.log(
    `drift = the machine's, from the limits: median over routes of limit CPU at ${to} ÷ at ${from} = ${times(drift)}`,
  );
  console.log(
    "÷drift = cpu ÷ drift (the target figure); cpu = raw; limit = this row's own limit; req/s = ratioToLimit, for reference",
  );
  const width = Math.max(...rows.map((r) => r.label.length));
  console.log(`  ${"route".padEnd(width)}  ÷drift  cpu     limit   req/s`);
  for (const row of rows) {
    const over = row.corrected !== null && row.corrected > target ? "  over" : "";
    const cells = [row.corrected, row.cpuMs, row.limitCpuMs, row.ratioToLimit].map((x) => times(x).padEnd(6));
    const note = row.perEntry ? "  (per listed entry)" : "";
    console.log(`  ${row.label.padEnd(width)}  ${cells.join("  ")}${over}${note}`);
  }
}
