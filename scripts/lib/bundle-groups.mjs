// What each part of a built Worker costs: the script's bytes are attributed to their source files through
// the source map wrangler writes, then summed and gzipped per group. A group's gzip is its bytes compressed
// alone (an upper bound on its share: the whole script compresses a little better than its parts).
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { ROOT } from "./root.mjs";

const exec = promisify(execFile);

/** @type {[string, RegExp][]} First match wins; a source file matching none is "other (ours)" or "other (node_modules)". */
export const GROUPS = [
  ["markdown-it family", /node_modules\/(markdown-it|linkify-it|mdurl|uc\.micro|punycode\.js)\//],
  ["drizzle-orm", /node_modules\/(drizzle-orm|src)\//],
  ["hono", /node_modules\/hono\//],
  ["entities", /node_modules\/entities\//],
  ["zod", /node_modules\/(zod|@hono\/zod-validator)\//],
  ["htmlparser2 + dom", /node_modules\/(htmlparser2|domhandler|domelementtype|domutils|dom-serializer)\//],
  ["ours: css strings", /src\/render\/.*-css\.ts$/],
  ["ours: desk", /src\/(render\/desk|routes\/desk)\/|src\/(db\/desk-|auth\/desk-session)/],
  ["ours: indieauth", /src\/(auth|routes)\/indieauth\/|src\/(db|lib)\/indieauth-/],
  ["ours: micropub", /micropub/],
  ["ours: search", /src\/.*(search|hanzi)/],
  ["ours: openapi", /src\/openapi\/|src\/routes\/api-docs/],
  ["ours: render", /src\/render\//],
  ["ours: feeds", /src\/feeds\/|src\/routes\/(feeds|sitemaps)/],
  [
    "ours: write path",
    /src\/(services|domain)\/|src\/routes\/api\/articles-write|src\/db\/article-writes|src\/lib\/(markdown|sanitize|text-diff|text-patch)/,
  ],
];

/** The two Workers a deployment may have: the complete one (also a split's editor) and the split's read Worker. */
export const WORKER_CONFIGS = /** @type {const} */ ({
  complete: { config: "wrangler.toml", script: "index.js" },
  read: { config: "wrangler.read.toml", script: "read-worker.js" },
});

/**
 * Builds a Worker exactly as `npm run build` does, into `outdir`: a wrangler config's main, or `entry`
 * (a path relative to the repository root) with wrangler.toml's settings.
 * @param {string} outdir
 * @param {string | { config: string, script: string }} [entry] default: the complete Worker
 * @returns {Promise<string>} the script's path
 */
export async function buildEntry(outdir, entry = WORKER_CONFIGS.complete) {
  const wrangler = path.join(ROOT, "node_modules/.bin/wrangler");
  const target = typeof entry === "string" ? [entry] : ["--config", entry.config];
  const args = ["deploy", "--dry-run", "--outdir", outdir, ...target];
  const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" };
  await exec(wrangler, args, { cwd: ROOT, env, maxBuffer: 16 * 1024 * 1024 });
  // wrangler names the script after its entry file.
  const script = typeof entry === "string" ? `${path.basename(entry, path.extname(entry))}.js` : entry.script;
  return path.join(outdir, script);
}

const VLQ = new Map(
  [..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"].map((c, i) => [c, i]),
);

/** @param {string} segment @returns {number[]} */
function decodeVlq(segment) {
  const values = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = /** @type {number} */ (VLQ.get(char));
    value += (digit & 31) << shift;
    if (digit & 32) shift += 5;
    else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

/**
 * Splits a script into per-source-file text using its source map (generated columns are UTF-16 units).
 * @param {string} script
 * @param {{ sources: string[], mappings: string }} map
 * @returns {Map<string, string>}
 */
export function textPerSource(script, map) {
  const perSource = new Map();
  const lines = script.split("\n");
  let source = 0; // segments carry source indices as deltas from the previous segment's, starting at 0
  map.mappings.split(";").forEach((lineMappings, lineIndex) => {
    const line = lines[lineIndex] ?? "";
    let column = 0;
    let owner = -1;
    let start = 0;
    for (const segment of lineMappings ? lineMappings.split(",") : []) {
      const [columnDelta = 0, sourceDelta] = decodeVlq(segment);
      column += columnDelta;
      if (owner >= 0) append(perSource, map.sources[owner] ?? "?", line.slice(start, column));
      start = column;
      if (sourceDelta !== undefined) source += sourceDelta;
      owner = sourceDelta === undefined ? -1 : source;
    }
    if (owner >= 0) append(perSource, map.sources[owner] ?? "?", `${line.slice(start)}\n`);
  });
  return perSource;
}

/** @param {Map<string, string>} perSource @param {string} key @param {string} text */
function append(perSource, key, text) {
  perSource.set(key, (perSource.get(key) ?? "") + text);
}

/** @param {string} source */
export function groupOf(source) {
  for (const [name, pattern] of GROUPS) if (pattern.test(source)) return name;
  return source.includes("node_modules/") ? "other (node_modules)" : "ours: other";
}

/**
 * @param {string} scriptPath a built script with its `.map` beside it
 * @returns {Promise<{ rawBytes: number, gzipBytes: number, groups: { name: string, rawBytes: number, gzipBytes: number }[] }>}
 */
export async function measureGroups(scriptPath) {
  const script = await readFile(scriptPath, "utf8");
  const map = JSON.parse(await readFile(`${scriptPath}.map`, "utf8"));
  /** @type {Map<string, string>} */
  const perGroup = new Map();
  for (const [source, text] of textPerSource(script, map)) append(perGroup, groupOf(source), text);
  const groups = [...perGroup].map(([name, text]) => ({
    name,
    rawBytes: Buffer.byteLength(text),
    gzipBytes: gzipSync(text).byteLength,
  }));
  groups.sort((a, b) => b.gzipBytes - a.gzipBytes);
  return { rawBytes: Buffer.byteLength(script), gzipBytes: gzipSync(script).byteLength, groups };
}
