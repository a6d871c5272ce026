// The project's wrangler binary, run synchronously by the CLI scripts (npm start, npm run token).
import { spawnSync } from "node:child_process";
import path from "node:path";
import { ROOT } from "./root.mjs";

export const WRANGLER = path.join(ROOT, "node_modules/.bin/wrangler");

/** Runs wrangler in the project root; stdout and stderr are captured, never inherited. */
export function runWrangler(args: string[]) {
  return spawnSync(WRANGLER, args, {
    cwd: ROOT,
    env: process.env,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** The rows of the first statement in `wrangler d1 execute --json` output (which may start with log lines). */
export function d1ExecuteRows<Row = Record<string, unknown>>(stdout: string): Row[] {
  const results = JSON.parse(stdout.slice(stdout.indexOf("["))) as { results?: Row[] }[];
  return results[0]?.results ?? [];
}
