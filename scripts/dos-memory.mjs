// npm run bench:dos [-- --requests 3 --parallel 3 --script dist/index.js]
// Memory an anonymous 10 MB Micropub request costs the worker: runs the built worker in Miniflare,
// sends bodies without a token (form fields, many multipart parts, one big file) one at a time and
// then in parallel, and reads workerd's resident memory from /proc (Linux). Also probes /health
// during the parallel burst, since the reported harm was every route stalling.
// --script runs a prebuilt bundle (e.g. one built from an older commit) for before/after figures.
// Results: bench/results/dos-memory.json.
import "./lib/env.mjs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { buildWorker, ROOT, startLocalWorker } from "./lib/local-worker.mjs";

const { values } = parseArgs({
  options: {
    requests: { type: "string", default: "3" },
    parallel: { type: "string", default: "3" },
    script: { type: "string" },
  },
});
const REQUESTS = Number(values.requests);
const PARALLEL = Number(values.parallel);
const MB = 1024 * 1024;
const BODY_BYTES = 10 * MB;

/**
 * @typedef {{ label: string, type: string, body: Buffer, streamed?: boolean }} HostileBody
 * @typedef {{ status: number | string, ms: number }} Answer
 */

/**
 * Bodies the size of the old cap, built once; none carries a token.
 * @returns {HostileBody[]}
 */
function hostileBodies() {
  const part = '--b\r\nContent-Disposition: form-data; name="a"\r\n\r\n\r\n';
  const parts = Math.floor((BODY_BYTES - 8) / part.length);
  const fileHead = '--b\r\nContent-Disposition: form-data; name="photo"; filename="p.png"\r\n\r\n';
  const file = Buffer.alloc(BODY_BYTES - fileHead.length - 8, 0x41);
  return [
    {
      label: `form, ${(BODY_BYTES / 2 / 1e6).toFixed(1)}M fields`,
      type: "application/x-www-form-urlencoded",
      body: Buffer.from("a&".repeat(BODY_BYTES / 2)),
    },
    {
      label: "form, 10 MB streamed without Content-Length",
      type: "application/x-www-form-urlencoded",
      body: Buffer.from("a&".repeat(BODY_BYTES / 2)),
      streamed: true,
    },
    {
      label: `multipart, ${(parts / 1000).toFixed(0)}k parts`,
      type: "multipart/form-data; boundary=b",
      body: Buffer.from(`${part.repeat(parts)}--b--\r\n`),
    },
    {
      label: "multipart, one 10 MB file",
      type: "multipart/form-data; boundary=b",
      body: Buffer.concat([Buffer.from(fileHead), file, Buffer.from("\r\n--b--\r\n")]),
    },
  ];
}

/** The workerd process Miniflare started for us: our child named workerd. */
async function findWorkerd() {
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      if (Number(fields[1]) === process.pid && comm.startsWith("workerd")) return Number(entry);
    } catch {}
  }
  throw new Error("no workerd child process found (this script reads Linux /proc)");
}

/** @param {number} pid */
async function rssMb(pid) {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

/**
 * Samples RSS every 10 ms while `run` is in flight; returns its peak.
 * @template T
 * @param {number} pid
 * @param {() => Promise<T>} run
 * @returns {Promise<{ peak: number, result: T }>}
 */
async function peakDuring(pid, run) {
  let peak = await rssMb(pid);
  let running = true;
  const sampler = (async () => {
    while (running) {
      peak = Math.max(peak, await rssMb(pid));
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  const result = await run();
  running = false;
  await sampler;
  return { peak: Math.max(peak, await rssMb(pid)), result };
}

/**
 * A stream of 64 KiB slices: the request goes out chunked, so only reading it reveals its size.
 * @param {Buffer} buffer
 */
function chunked(buffer) {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= buffer.length) return controller.close();
      controller.enqueue(buffer.subarray(offset, offset + 65536));
      offset += 65536;
    },
  });
}

/**
 * @param {string} url
 * @param {HostileBody} body
 * @returns {Promise<Answer>}
 */
async function send(url, { type, body, streamed }) {
  const started = performance.now();
  try {
    // `duplex` (required by Node's fetch for a stream body) is missing from the RequestInit types.
    /** @type {RequestInit & { duplex: "half" }} */
    const init = {
      method: "POST",
      headers: { "content-type": type },
      body: streamed ? chunked(body) : body,
      duplex: "half",
      signal: AbortSignal.timeout(120_000),
    };
    const res = await fetch(`${url}/micropub`, init);
    await res.arrayBuffer();
    return { status: res.status, ms: performance.now() - started };
  } catch (caught) {
    // A worker that answers before reading the body may close the upload early: still an answer.
    const err = /** @type {Error & { cause?: { code?: string } }} */ (caught);
    return { status: `error: ${err.cause?.code ?? err.message}`, ms: performance.now() - started };
  }
}

/**
 * Milliseconds for /health to answer; Infinity when it fails (the worker restarted or died).
 * @param {string} url
 */
async function healthMs(url) {
  const started = performance.now();
  try {
    await (await fetch(`${url}/health`, { signal: AbortSignal.timeout(60_000) })).arrayBuffer();
    return performance.now() - started;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/** @param {number[]} xs */
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? 0 : /** @type {number} */ (s[Math.floor((s.length - 1) / 2)]);
};
/** @param {number} n */
const round = (n) => Math.round(n * 10) / 10;

/** @param {number} pid */
async function settle(pid) {
  await new Promise((r) => setTimeout(r, 1500));
  return rssMb(pid);
}

/**
 * One body kind against a fresh worker, so no row inherits another's retained memory.
 * @param {string} scriptPath
 * @param {HostileBody} body
 */
async function measure(scriptPath, body) {
  const worker = await startLocalWorker({ seed: false, scriptPath });
  try {
    const pid = await findWorkerd();
    for (let i = 0; i < 5; i++) await healthMs(worker.url);
    const idleHealth = median(await Promise.all(Array.from({ length: 9 }, () => healthMs(worker.url))));
    const baseline = await settle(pid);
    const sequential = await peakDuring(pid, async () => {
      /** @type {Answer[]} */
      const out = [];
      for (let i = 0; i < REQUESTS; i++) out.push(await send(worker.url, body));
      return out;
    });
    const afterSequential = await settle(pid);
    const burst = await peakDuring(pid, async () => {
      /** @type {number[]} */
      const probes = [];
      const flood = Promise.all(Array.from({ length: PARALLEL }, () => send(worker.url, body)));
      let done = false;
      flood.then(() => (done = true));
      while (!done) {
        probes.push(await healthMs(worker.url));
        await new Promise((r) => setTimeout(r, 20));
      }
      return { answers: await flood, probes };
    });
    const answered = burst.result.probes.filter((ms) => ms !== Number.POSITIVE_INFINITY);
    return {
      body: body.label,
      statuses: [...new Set([...sequential.result, ...burst.result.answers].map((a) => a.status))],
      baselineMb: round(baseline),
      peakGrowthSequentialMb: round(sequential.peak - baseline),
      retainedAfterSequentialMb: round(afterSequential - baseline),
      peakGrowthParallelMb: round(burst.peak - baseline),
      medianRequestMs: round(median(sequential.result.map((a) => a.ms))),
      idleHealthMedianMs: round(idleHealth),
      healthDuringBurstMedianMs: round(median(answered)),
      healthDuringBurstMaxMs: round(Math.max(0, ...answered)),
      healthFailures: burst.result.probes.length - answered.length,
    };
  } finally {
    await worker.stop();
  }
}

async function run() {
  const workDir = values.script ? null : await mkdtemp(path.join(tmpdir(), "enf-dos-"));
  const scriptPath = values.script
    ? path.resolve(values.script)
    : await buildWorker(/** @type {string} */ (workDir));
  try {
    const rows = [];
    for (const body of hostileBodies()) {
      const row = await measure(scriptPath, body);
      rows.push(row);
      console.log(JSON.stringify(row));
    }
    const results = {
      script: values.script ?? "built from this worktree",
      requests: REQUESTS,
      parallel: PARALLEL,
      rows,
    };
    await mkdir(path.join(ROOT, "bench/results"), { recursive: true });
    await writeFile(
      path.join(ROOT, "bench/results/dos-memory.json"),
      `${JSON.stringify(results, null, 2)}\n`,
    );
    console.log("results in bench/results/dos-memory.json");
  } finally {
    if (workDir) await rm(workDir, { recursive: true, force: true });
  }
}

await run();
