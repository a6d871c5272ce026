// Node-side tests (xmllint, browser, CLI) run against the real built worker through Miniflare.
import { inject } from "vitest";
import { startLocalWorker } from "../../scripts/lib/local-worker.mjs";
import type { SqlDatabase } from "../../scripts/lib/sql-database";
import type { BuiltWorkers } from "./global-setup";

export interface LocalWorker {
  url: string;
  token: string;
  articles: { id: number; slug: string; title: string; status: string }[];
  /** The worker's D1 binding, driven from Node through Miniflare (backup tests). */
  d1: SqlDatabase;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  stop(): Promise<void>;
}

/** The Workers test/node/global-setup.ts built for this run. */
export function builtWorkers(): BuiltWorkers {
  const built = inject("builtWorkers");
  if (!built)
    throw new Error("no built Workers: run test/node through vitest.config.ts (its globalSetup builds them)");
  return built;
}

/** Each call is its own Miniflare (own D1, R2 and cache) over the run's one build of the Worker. */
export function startWorker(
  options: { seed?: boolean; vars?: Record<string, string> } = {},
): Promise<LocalWorker> {
  return startLocalWorker({ ...options, scriptPath: builtWorkers().complete });
}
