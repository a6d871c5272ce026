// npx tsx scripts/profile-worker.mjs [--path /articles/bench-504,/feed.xml] [--worker uncached] [--size 1000] [--seconds 5] [--conditional]
// CPU profile of each route (comma-separated) inside workerd while autocannon loads it: V8's sampling
// profiler through workerd's inspector. Prints the functions with the most self time and writes a
// .cpuprofile per route (open it in Chrome DevTools → Performance) next to bench/results.
// Self time is counted in samples, not in the gaps between them: on a loaded machine a sample that
// comes late after the thread was descheduled would charge the whole gap to whatever ran then.
import "./lib/env.mjs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import WebSocket from "ws";
import { startBenchWorkers } from "./lib/bench-workers.mjs";
import { cloneArticles, createTemplates, TEMPLATE_COUNT } from "./lib/bulk-load.mjs";
import { buildWorker, freePort, ROOT } from "./lib/local-worker.mjs";

const { values } = parseArgs({
  options: {
    path: { type: "string", default: "/articles/bench-504" },
    worker: { type: "string", default: "uncached" },
    size: { type: "string", default: "1000" },
    seconds: { type: "string", default: "5" },
    connections: { type: "string", default: "8" },
    // Send If-None-Match with the route's own ETag (the bench's 304 rows).
    conditional: { type: "boolean", default: false },
  },
});

/**
 * A minimal Chrome DevTools Protocol client over one WebSocket.
 * @param {string} url
 */
async function cdp(url) {
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
  let id = 0;
  /** @type {Map<number, (result: any) => void>} */
  const pending = new Map();
  socket.on("message", (data) => {
    const message = JSON.parse(String(data));
    pending.get(message.id)?.(message.result);
    pending.delete(message.id);
  });
  return {
    /** @param {string} method @param {object} [params] @returns {Promise<any>} */
    send(method, params = {}) {
      const messageId = ++id;
      socket.send(JSON.stringify({ id: messageId, method, params }));
      return new Promise((resolve) => pending.set(messageId, resolve));
    },
    close: () => socket.close(),
  };
}

/**
 * Self time per function (ms): its share of the samples times the mean sampling interval.
 * @param {{ nodes: { id: number, callFrame: { functionName: string, url: string, lineNumber: number } }[], samples: number[], timeDeltas: number[] }} profile
 */
function selfTimes(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  /** @type {Map<string, number>} */
  const totals = new Map();
  const meanMs = profile.timeDeltas.reduce((a, d) => a + d, 0) / 1000 / Math.max(1, profile.samples.length);
  for (const nodeId of profile.samples) {
    const frame = byId.get(nodeId)?.callFrame;
    const name = frame
      ? `${frame.functionName || "(anonymous)"} ${path.basename(frame.url)}:${frame.lineNumber + 1}`
      : "?";
    totals.set(name, (totals.get(name) ?? 0) + meanMs);
  }
  return [...totals].sort((a, b) => b[1] - a[1]);
}

const workDir = await mkdtemp(path.join(tmpdir(), "enf-profile-"));
const inspectorPort = await freePort();
const scriptPath = await buildWorker(path.join(workDir, "dist"), { minify: false });
const workers = await startBenchWorkers({
  scriptPath,
  persistDir: path.join(workDir, "d1"),
  migrate: true,
  inspectorPort,
});
try {
  const size = Number(values.size);
  const templates = await createTemplates(workers.urls.uncached, workers.token);
  await cloneArticles(workers.d1, templates, 0, size - TEMPLATE_COUNT);
  for (const route of values.path.split(",")) {
    const url = `${workers.urls[/** @type {"uncached"} */ (values.worker)]}${route}`;
    const first = await fetch(url);
    console.log(`${url}: ${first.status}, ${(await first.arrayBuffer()).byteLength} bytes`);
    const etag = first.headers.get("etag");
    /** @type {Record<string, string>} */
    const headers = values.conditional && etag ? { "if-none-match": etag } : {};
    const targets = /** @type {{ id: string, title: string, webSocketDebuggerUrl?: string }[]} */ (
      await (await fetch(`http://127.0.0.1:${inspectorPort}/json`)).json()
    );
    // The worker's isolate, and the one running local D1 (a Durable Object in the same workerd).
    const isolates = [`core:user:${values.worker}`, "d1:db:local-test-db"];
    const clients = [];
    for (const id of isolates) {
      const target = targets.find((t) => t.id === id);
      if (!target) throw new Error(`no inspector target ${id}: ${targets.map((t) => t.id).join(", ")}`);
      const client = await cdp(target.webSocketDebuggerUrl ?? `ws://127.0.0.1:${inspectorPort}/${target.id}`);
      await client.send("Profiler.enable");
      await client.send("Profiler.setSamplingInterval", { interval: 100 });
      clients.push(client);
    }
    await autocannon({ url, headers, connections: Number(values.connections), duration: 1 });
    for (const client of clients) await client.send("Profiler.start");
    const load = await autocannon({
      url,
      headers,
      connections: Number(values.connections),
      duration: Number(values.seconds),
    });
    const requests = load.requests.total;
    console.log(`${requests} requests, ${load.requests.average.toFixed(0)} req/s`);
    await mkdir(path.join(ROOT, "bench/results"), { recursive: true });
    for (const [i, client] of clients.entries()) {
      const { profile } = await client.send("Profiler.stop");
      client.close();
      const times = selfTimes(profile);
      const busy = times
        .filter(([name]) => !/^\((idle|program)\)/.test(name))
        .reduce((a, [, ms]) => a + ms, 0);
      console.log(`\n${isolates[i]}: busy ${(busy / requests).toFixed(3)} ms per request; top self time:`);
      for (const [name, ms] of times.slice(0, 22))
        console.log(`  ${(ms / requests).toFixed(4)} ms/req  ${name}`);
      const file = path.join(
        ROOT,
        "bench/results",
        `profile-${String(isolates[i]).replace(/\W+/g, "_")}-${route.replace(/\W+/g, "_")}.cpuprofile`,
      );
      await writeFile(file, JSON.stringify(profile));
      console.log(`profile: ${file}`);
    }
  }
} finally {
  await workers.stop();
  await rm(workDir, { recursive: true, force: true });
}
