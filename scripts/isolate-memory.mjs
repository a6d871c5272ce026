#!/usr/bin/env node
// How much a single isolate grows when an anonymous client asks for many long, unknown feed scopes.
// Runs the built worker in Miniflare, sends a bounded number of requests to 127.0.0.1 only, and
// reports workerd's resident memory before and after (and after a pause, once GC had a chance).
//
// Resident memory only grows while V8 defers collection, so the flood runs in rounds: retained
// memory keeps climbing round after round, garbage levels off.
//
//   node scripts/isolate-memory.mjs [--requests 990] [--rounds 3] [--key-chars 120000] [--alphabet ascii|cjk] [--script dist/index.js]
import { readdir, readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { startLocalWorker } from "./lib/local-worker.mjs";

const { values } = parseArgs({
  options: {
    requests: { type: "string", default: "990" },
    rounds: { type: "string", default: "3" },
    // ASCII names hold the most memory per URL byte; CJK ones the most per character.
    alphabet: { type: "string", default: "ascii" },
    // "unrouted" is the control: same URL sizes, no route, no D1, no cache: what the runtime keeps by itself.
    paths: { type: "string", default: "feeds" },
    "key-chars": { type: "string", default: "120000" },
    script: { type: "string" },
  },
});
const requests = Math.min(5000, Number(values.requests));
const rounds = Math.min(10, Number(values.rounds));
const keyChars = Math.min(120_000, Number(values["key-chars"]));
const filler = values.alphabet === "cjk" ? "界x" : "xy";

/** Every workerd process started below this Node process (Miniflare spawns one). */
async function workerdPids() {
  /** @type {Map<number, { ppid: number, comm: string }>} */
  const parents = new Map();
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      parents.set(Number(entry), {
        ppid: Number(fields[1]),
        comm: stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")),
      });
    } catch {
      // The process ended while we looked.
    }
  }
  /** @param {number} pid */
  const descends = (pid) => {
    for (let p = pid; p > 1; p = parents.get(p)?.ppid ?? 0) if (p === process.pid) return true;
    return false;
  };
  return [...parents]
    .filter(([pid, info]) => info.comm.includes("workerd") && descends(pid))
    .map(([pid]) => pid);
}

async function rssMiB() {
  let kib = 0;
  for (const pid of await workerdPids()) {
    const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
    kib += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  }
  return kib / 1024;
}

/** @param {number} ms */
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const FORMATS = ["feed.xml", "atom.xml", "feed.json"];
const KINDS = ["tag", "author", "section"];

const worker = await startLocalWorker({ scriptPath: values.script, vars: { FEED_VALIDATOR_TTL_MS: "1000" } });
try {
  // Warm the isolate with a few real requests, so the baseline is a serving isolate.
  for (let i = 0; i < 20; i++) await (await worker.fetch("/feed.xml")).arrayBuffer();
  await sleep(1000);
  const before = await rssMiB();
  const statuses = new Map();
  const afterRound = [];
  const started = Date.now();
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < requests; i++) {
      // Distinct, long, non-existent names: nothing a crawler of real links would ever ask for.
      const n = round * requests + i;
      const name = `${n.toString(36)}-${filler.repeat(keyChars / 2)}`.slice(0, keyChars);
      const kind = values.paths === "unrouted" ? "unrouted" : KINDS[n % 3];
      const res = await worker.fetch(`/${kind}/${encodeURIComponent(name)}/${FORMATS[n % 3]}`);
      await res.arrayBuffer();
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    }
    afterRound.push(+(await rssMiB()).toFixed(1));
  }
  const seconds = (Date.now() - started) / 1000;
  await sleep(3000);
  const settled = await rssMiB();
  const msPerRequest = (seconds * 1000) / (requests * rounds);
  console.log(
    JSON.stringify(
      {
        requests,
        rounds,
        keyChars,
        alphabet: values.alphabet,
        paths: values.paths,
        statuses: Object.fromEntries(statuses),
        msPerRequest: +msPerRequest.toFixed(2),
        rssMiB: { before: +before.toFixed(1), afterRound, settled: +settled.toFixed(1) },
        growthMiB: +(settled - before).toFixed(1),
      },
      null,
      2,
    ),
  );
} finally {
  await worker.stop();
}
