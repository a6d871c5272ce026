// Node-side tests (xmllint, browser, CLI) run against the real built worker through Miniflare.
import { startLocalWorker } from "../../scripts/lib/local-worker.mjs";
import type { SqlDatabase } from "../../scripts/lib/sql-database";

export interface LocalWorker {
  url: string;
  token: string;
  articles: { id: number; slug: string; title: string; status: string }[];
  /** The worker's D1 binding, driven from Node through Miniflare (backup tests). */
  d1: SqlDatabase;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  stop(): Promise<void>;
}

export function startWorker(
  options: { seed?: boolean; vars?: Record<string, string> } = {},
): Promise<LocalWorker> {
  return startLocalWorker(options);
}
