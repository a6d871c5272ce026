// Side-by-side measurement for `npm run bench:ghost`: each route of ours and Ghost's counterpart run
// back to back with the same autocannon load, the order rotating by round, so drift on the shared
// machine hits both; each figure is the median of the rounds. CPU per request comes from /proc for
// both servers (Ghost's Node process, found by its listening port; our workerd).
import { readdir, readFile, readlink } from "node:fs/promises";
import autocannon from "autocannon";
import { median, withRetry } from "./bench-measure.mjs";

const TICK_MS = 10; // USER_HZ is 100 on Linux

/**
 * @typedef {{ server: "ghost" | "ours", variant: string, url: string, headers: Record<string, string>,
 *   status: number, bytes: number, responseHeaders: Record<string, string> }} Side one measured URL
 * @typedef {{ rps: number, p50: number, p99: number, errors: number, cpuMsPerRequest: number | null }} Sample
 * @typedef {{ label: string, sides: Side[] }} Comparison a route of ours and Ghost's counterpart
 */

/** @param {string} pid */
async function cpuMsOf(pid) {
  const text = await readFile(`/proc/${pid}/stat`, "utf8");
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

/**
 * The process listening on 127.0.0.1:`port` (through /proc/net/tcp's socket inode), as a reader of its
 * user+system CPU ms; null when it cannot be found (not Linux, another user's process).
 * @param {number} port
 * @returns {Promise<(() => Promise<number>) | null>}
 */
export async function listenerCpuReader(port) {
  const table = await readFile("/proc/net/tcp", "utf8").catch(() => "");
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  const inodes = new Set(
    table
      .split("\n")
      .map((line) => line.trim().split(/\s+/))
      .filter((f) => f[1]?.endsWith(`:${hexPort}`) && f[3] === "0A")
      .map((f) => f[9]),
  );
  if (!inodes.size) return null;
  for (const pid of (await readdir("/proc").catch(() => [])).filter((p) => /^\d+$/.test(p))) {
    const fds = await readdir(`/proc/${pid}/fd`).catch(() => []);
    for (const fd of fds) {
      const link = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => "");
      const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
      if (inode && inodes.has(inode)) return () => cpuMsOf(pid).catch(() => Number.NaN);
    }
  }
  return null;
}

/**
 * @param {Side} side
 * @param {{ connections: number, duration: number }} load
 * @param {(() => Promise<number>) | null} cpuMs
 * @returns {Promise<Sample>}
 */
async function sample(side, { connections, duration }, cpuMs) {
  const cpuBefore = cpuMs ? await cpuMs() : Number.NaN;
  const r = await autocannon({ url: side.url, headers: side.headers, connections, duration, timeout: 20 });
  const cpuUsed = cpuMs ? (await cpuMs()) - cpuBefore : Number.NaN;
  const statusCount = /** @type {Record<string, { count: number }>} */ (r.statusCodeStats ?? {});
  const expected = statusCount[String(side.status)]?.count ?? 0;
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts + Math.max(0, r.requests.total - expected),
    cpuMsPerRequest: Number.isFinite(cpuUsed) && r.requests.total ? cpuUsed / r.requests.total : null,
  };
}

/**
 * @param {Comparison[]} comparisons
 * @param {{ connections: number, duration: number, rounds: number, warmup: number,
 *   cpu: Record<Side["server"], (() => Promise<number>) | null> }} options
 * @param {(text: string) => void} progress
 */
export async function measureComparisons(comparisons, options, progress) {
  const { connections, duration, rounds, warmup, cpu } = options;
  /** @type {Map<Side, Sample[]>} */
  const samples = new Map(comparisons.flatMap((c) => c.sides.map((s) => [s, []])));
  for (const comparison of comparisons) {
    progress(`warming ${comparison.label}…`);
    for (const side of comparison.sides)
      await withRetry(`warm-up of ${side.url}`, () =>
        sample(side, { connections, duration: warmup }, cpu[side.server]),
      );
  }
  for (let round = 0; round < rounds; round++) {
    for (const comparison of comparisons) {
      const { sides } = comparison;
      for (let i = 0; i < sides.length; i++) {
        const side = /** @type {Side} */ (sides[(round + i) % sides.length]);
        progress(`round ${round + 1}/${rounds}: ${comparison.label} — ${side.server} ${side.variant}…`);
        const measured = await withRetry(`${side.server} ${side.url}`, () =>
          sample(side, { connections, duration }, cpu[side.server]),
        );
        samples.get(side)?.push(measured);
      }
    }
  }
  return comparisons.map((comparison) => toRow(comparison, samples));
}

/**
 * @param {Comparison} comparison
 * @param {Map<Side, Sample[]>} samples
 */
function toRow({ label, sides }, samples) {
  const ghost = sides.find((s) => s.server === "ghost");
  const ghostSamples = (ghost && samples.get(ghost)) ?? [];
  const ghostCpuValues = ghostSamples.map((s) => s.cpuMsPerRequest).filter((v) => v !== null);
  const ghostCpu =
    ghostCpuValues.length && ghostCpuValues.length === ghostSamples.length ? median(ghostCpuValues) : null;
  return {
    label,
    sides: sides.map((side) => {
      const own = samples.get(side) ?? [];
      const cpuValues = own.map((s) => s.cpuMsPerRequest).filter((v) => v !== null);
      // Per round: ours ÷ Ghost of that same round, then the median of those ratios.
      // A round where Ghost completed no request has no ratio (left out rather than counted as 0×).
      const perRound = own.flatMap((s, i) => {
        const ghostRps = ghostSamples[i]?.rps;
        return ghostRps ? [s.rps / ghostRps] : [];
      });
      const cpuMsPerRequest = cpuValues.length === own.length && own.length ? median(cpuValues) : null;
      return {
        server: side.server,
        variant: side.variant,
        url: side.url,
        requestHeaders: side.headers,
        status: side.status,
        bytes: side.bytes,
        responseHeaders: side.responseHeaders,
        rps: median(own.map((s) => s.rps)),
        p50: median(own.map((s) => s.p50)),
        p99: median(own.map((s) => s.p99)),
        cpuMsPerRequest,
        errors: own.reduce((n, s) => n + s.errors, 0),
        ...(side.server === "ghost"
          ? {}
          : {
              timesGhost: perRound.length ? median(perRound) : null,
              roundRatios: perRound,
              // The same comparison from CPU time, which a loaded machine disturbs far less than req/s.
              cpuTimesGhost: cpuMsPerRequest && ghostCpu ? ghostCpu / cpuMsPerRequest : null,
            }),
      };
    }),
  };
}
