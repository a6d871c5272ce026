// CPU time of the workerd process Miniflare spawned, from /proc (Linux): the bench's per-request CPU
// figure, which other processes on a shared machine disturb far less than req/s.
import { readdir, readFile } from "node:fs/promises";

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** @param {string} pid @returns {Promise<{ ppid: number, comm: string, cpuMs: number } | null>} */
async function stat(pid) {
  try {
    const text = await readFile(`/proc/${pid}/stat`, "utf8");
    const close = text.lastIndexOf(")");
    const fields = text.slice(close + 2).split(" ");
    return {
      comm: text.slice(text.indexOf("(") + 1, close),
      ppid: Number(fields[1]),
      cpuMs: (Number(fields[11]) + Number(fields[12])) * TICK_MS,
    };
  } catch {
    return null;
  }
}

/**
 * The newest workerd descending from this process, or null where /proc is missing.
 * @returns {Promise<(() => Promise<number>) | null>} a reader of its user+system CPU ms so far
 */
export async function workerdCpuReader() {
  const pids = await readdir("/proc").catch(() => []);
  /** @type {Map<number, { ppid: number, comm: string }>} */
  const processes = new Map();
  for (const pid of pids.filter((p) => /^\d+$/.test(p))) {
    const s = await stat(pid);
    if (s) processes.set(Number(pid), s);
  }
  const descends = (/** @type {number} */ pid) => {
    for (let p = processes.get(pid)?.ppid; p; p = processes.get(p)?.ppid) if (p === process.pid) return true;
    return false;
  };
  const workerd = [...processes]
    .filter(([pid, s]) => s.comm === "workerd" && descends(pid))
    .map(([pid]) => pid);
  const newest = Math.max(...workerd);
  if (!Number.isFinite(newest)) return null;
  return async () => (await stat(String(newest)))?.cpuMs ?? Number.NaN;
}
