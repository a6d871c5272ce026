// The bench's figures from its rounds: 304s against /health measured in their own rounds, cheap rows
// split into more and shorter rounds, and "flat" as a route's cost relative to its same-bytes limit.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { flatnessFigures, flatnessOf } from "../../scripts/lib/bench-flatness.mjs";
import { measureTargets, type Row, type Target } from "../../scripts/lib/bench-measure.mjs";
import { benchesRoute, routeSpecs } from "../../scripts/lib/bench-routes.mjs";
import { type Round, toRow } from "../../scripts/lib/bench-rows.mjs";

const sampleOf = (rps: number, cpuMsPerRequest: number | null) => ({
  rps,
  p50: 1,
  p99: 2,
  errors: 0,
  unexpectedStatus: 0,
  cpuMsPerRequest,
});

const target304: Target = {
  label: "/feed.xml 304 (memoized)",
  url: "http://127.0.0.1:1/feed.xml",
  headers: { "if-none-match": '"x"' },
  limitUrl: "http://127.0.0.1:2/x",
  healthUrl: "http://127.0.0.1:1/health",
  status: 304,
  bytes: 0,
  d1RowsRead: 0,
};

describe("304 rows against /health", () => {
  it("report the median of per-round ratios with /health from the same round, by req/s and by CPU", () => {
    // The machine slows down in round 2 and recovers in round 3: /health and the 304 slow together.
    const rounds: Round[] = [
      { route: sampleOf(9000, 0.1), limit: sampleOf(10_000, 0.09), health: sampleOf(10_000, 0.09) },
      { route: sampleOf(4500, 0.2), limit: sampleOf(5000, 0.18), health: sampleOf(5000, 0.18) },
      { route: sampleOf(9500, 0.1), limit: sampleOf(10_000, 0.095), health: sampleOf(10_000, 0.095) },
    ];
    const row = toRow(target304, rounds, undefined, 1);
    expect(row.healthInterleaved).toBe(true);
    expect(row.healthRatio).toBeCloseTo(0.9, 5); // rounds: 0.90, 0.90, 0.95
    expect(row.healthRps).toBe(10_000);
    expect(row.healthCpuRatio).toBeCloseTo(0.9, 5); // rounds: 0.90, 0.90, 0.95
    expect(row.limitCpuMsPerRequest).toBeCloseTo(0.095, 5);
    expect(row.roundCpuRatios).toHaveLength(3);
    expect(row.sampleSeconds).toBe(1);
  });

  it("leave healthRatio to the size's /health row when a row has no /health rounds", () => {
    const rounds: Round[] = [{ route: sampleOf(900, 0.3), limit: sampleOf(1000, 0.28) }];
    const row = toRow({ ...target304, healthUrl: undefined, status: 200 }, rounds, undefined, 2);
    expect(row.healthInterleaved).toBeUndefined();
    expect(row.healthRatio).toBeUndefined();
    expect(row.ratioToLimit).toBeCloseTo(0.9, 5);
  });
});

const rowAt = (cpu: number, limitCpu: number, extra: Partial<Row> = {}): Row => ({
  label: "/feed.xml cached",
  status: 200,
  bytes: 233_450,
  d1RowsRead: 0,
  rps: 1000 / cpu,
  limitRps: 1000 / limitCpu,
  ratioToLimit: limitCpu / cpu,
  cpuMsPerRequest: cpu,
  cpuRatioToLimit: limitCpu / cpu,
  limitCpuMsPerRequest: limitCpu,
  roundRatios: [limitCpu / cpu],
  p50: 1,
  p99: 2,
  errors: 0,
  ...extra,
});

const at = (label: string, cpu: number, limitCpu: number, extra: Partial<Row> = {}) => ({
  ...rowAt(cpu, limitCpu, extra),
  label,
});

describe("--only", () => {
  it("keeps the rows whose label matches, and /health beside them; without it, every row", () => {
    const labels = routeSpecs(1000, "/feed.xml?cursor=x").map((spec) => spec.label);
    expect(labels.filter((label) => benchesRoute(label, /304/))).toEqual([
      "/health",
      "/feed.xml 304 (memoized)",
      "article page 304",
    ]);
    expect(labels.filter((label) => benchesRoute(label, null))).toEqual(labels);
  });
});

describe("flatness across sizes", () => {
  it("divides every route by the one drift its limits show, so a slower machine at 100k does not count", () => {
    // The machine is 25 % slower when the largest size runs: every static limit costs 1.25× as much.
    const figures = flatnessFigures({
      "1000": { rows: [at("a", 0.33, 0.38), at("b", 2.5, 0.15), at("c", 0.14, 0.12)] },
      "100000": { rows: [at("a", 0.4125, 0.475), at("b", 3.125, 0.1875), at("c", 0.175, 0.15)] },
    });
    expect(figures?.drift).toBeCloseTo(1.25, 5);
    for (const row of figures?.rows ?? []) {
      expect(row.cpuMs).toBeCloseTo(1.25, 5);
      expect(row.corrected).toBeCloseTo(1.0, 5);
    }
  });

  it("still shows a route whose own cost grew while the limits stayed put, and one noisy limit cannot hide it", () => {
    const figures = flatnessFigures({
      "1000": { rows: [at("grew", 0.33, 0.38), at("b", 2.5, 0.15), at("c", 0.14, 0.12)] },
      // "grew"'s own limit happens to read 1.4× (noise): the median of the limits stays at 1.
      "100000": { rows: [at("grew", 0.45, 0.532), at("b", 2.5, 0.15), at("c", 0.14, 0.12)] },
    });
    expect(figures?.drift).toBeCloseTo(1, 5);
    const grew = figures?.rows.find((r) => r.label === "grew");
    expect(grew?.corrected).toBeCloseTo(0.45 / 0.33, 5);
    expect(grew?.limitCpuMs).toBeCloseTo(1.4, 5);
  });

  it("judges a sitemap chunk, whose entries grow with the archive, per listed entry, outside the drift", () => {
    const small = at("articles-1 sitemap uncached", 7.4, 0.3, { entries: 1000 });
    const large = at("articles-1 sitemap uncached", 33.7, 1.2, { entries: 5001 });
    const flat = flatnessOf(small, large);
    expect(flat.perEntry).toBe(true);
    expect(flat.cpuMs).toBeCloseTo(33.7 / 5001 / (7.4 / 1000), 5);
    const figures = flatnessFigures({
      "1000": { rows: [small, at("a", 0.33, 0.38)] },
      "100000": { rows: [large, at("a", 0.33, 0.38)] },
    });
    expect(figures?.drift).toBeCloseTo(1, 5); // the chunk's 4× limit is left out
    // The sitemap index lists a few chunks: its fixed cost dominates, so it is judged per request.
    const index = flatnessOf(
      at("/sitemap.xml", 1.2, 0.1, { entries: 2 }),
      at("/sitemap.xml", 1.5, 0.1, { entries: 21 }),
    );
    expect(index.perEntry).toBeUndefined();
    expect(index.cpuMs).toBeCloseTo(1.25, 5);
  });

  it("compares the smallest and the largest size measured, skipping failed rows", () => {
    const figures = flatnessFigures({
      "1000": { rows: [rowAt(0.33, 0.38), { ...rowAt(1, 1), label: "gone" }] },
      "10000": { rows: [rowAt(9, 9)] },
      "100000": { rows: [rowAt(0.35, 0.38), { ...rowAt(1, 1), label: "gone", failure: "x" }] },
    });
    expect(figures?.from).toBe("1000");
    expect(figures?.to).toBe("100000");
    expect(figures?.rows.map((r) => r.label)).toEqual(["/feed.xml cached"]);
    expect(flatnessFigures({ "1000": { rows: [rowAt(1, 1)] } })).toBeNull();
  });
});

describe("measureTargets against a local server", () => {
  let server: Server;
  let base = "";
  const hits = new Map<string, number>();
  beforeAll(async () => {
    server = createServer((req, res) => {
      hits.set(req.url ?? "", (hits.get(req.url ?? "") ?? 0) + 1);
      res.writeHead(req.headers["if-none-match"] ? 304 : 200).end(req.headers["if-none-match"] ? "" : "ok");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("measures /health in every round of a 304 and splits rows without D1 into more, shorter rounds", async () => {
    const conditional: Target = {
      ...target304,
      url: `${base}/page`,
      limitUrl: `${base}/limit-304`,
      healthUrl: `${base}/health`,
    };
    const readsD1: Target = {
      label: "page uncached",
      url: `${base}/page`,
      headers: {},
      limitUrl: `${base}/limit`,
      d1LimitUrl: `${base}/d1-limit`,
      status: 200,
      bytes: 2,
      d1RowsRead: 1,
    };
    // autocannon measures whole seconds: 2 s rounds, split into two 1 s rounds for the cheap row.
    const options = { connections: 1, duration: 2, rounds: 1, warmup: 1, cheapSplit: 2, cpuMs: null };
    const [cheap, d1] = await measureTargets([conditional, readsD1], options, () => {});
    expect(cheap?.failure).toBeUndefined();
    expect(cheap?.roundRatios).toHaveLength(2);
    expect(cheap?.sampleSeconds).toBe(1);
    expect(cheap?.healthInterleaved).toBe(true);
    expect(cheap?.healthRatio).toBeGreaterThan(0);
    expect(d1?.roundRatios).toHaveLength(1);
    expect(d1?.sampleSeconds).toBe(2);
    expect(d1?.healthInterleaved).toBeUndefined();
    expect(d1?.rps).toBeGreaterThan(0);
    expect(hits.get("/health")).toBeGreaterThan(0);
    expect(hits.get("/d1-limit")).toBeGreaterThan(0);
  }, 60_000);
});
