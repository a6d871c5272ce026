// The table `npm run bench:ghost` prints from bench/results/ghost.json's figures.

/**
 * @typedef {{ server: string, variant: string, status: number, bytes: number, rps: number, p50: number,
 *   p99: number, cpuMsPerRequest: number | null, errors: number, timesGhost?: number | null,
 *   cpuTimesGhost?: number | null,
 *   responseHeaders: Record<string, string> }} SideRow
 * @param {{ config: { ghostMode: string, connections: number, rounds: number, duration: number },
 *   rows: { label: string, sides: SideRow[] }[] }} results
 */
export function printGhostReport(results) {
  const { config } = results;
  console.log(
    `\nEdge News Feed vs Ghost 5 (NODE_ENV=${config.ghostMode}) — ${config.connections} connections, ${config.rounds} interleaved rounds of ${config.duration}s per side (medians)\n`,
  );
  const header = [
    "route",
    "server",
    "status",
    "bytes",
    "req/s",
    "p50 ms",
    "p99 ms",
    "cpu ms/req",
    "errors",
    "×Ghost",
  ];
  /** @type {string[][]} */
  const lines = [];
  for (const row of results.rows) {
    for (const side of row.sides) {
      lines.push([
        side.server === "ghost" ? row.label : "",
        `${side.server} ${side.variant}`,
        String(side.status),
        String(side.bytes),
        side.rps.toFixed(0),
        String(side.p50),
        String(side.p99),
        side.cpuMsPerRequest?.toFixed(2) ?? "-",
        String(side.errors),
        side.server === "ghost" ? "" : side.timesGhost ? `${side.timesGhost.toFixed(1)}×` : "-",
        side.server === "ghost" ? "" : side.cpuTimesGhost ? `${side.cpuTimesGhost.toFixed(1)}×` : "-",
      ]);
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? "").length)));
  /** @param {string[]} cols */
  const fmt = (cols) => cols.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ");
  console.log(fmt(header));
  for (const line of lines) console.log(fmt(line));
  console.log("\nGhost's caching headers:");
  for (const row of results.rows) {
    const ghost = row.sides.find((s) => s.server === "ghost");
    if (ghost) console.log(`  ${row.label}: ${ghost.status} ${JSON.stringify(ghost.responseHeaders)}`);
  }
}
