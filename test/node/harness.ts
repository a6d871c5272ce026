// Node-side tests (xmllint, browser, CLI) run against the real built worker through Miniflare.
// @ts-expect-error: plain ESM script shared with bench/load/start scripts
import { startLocalWorker } from "../../scripts/lib/local-worker.mjs";

export interface LocalWorker {
  url: string;
  token: string;
  articles: { id: number; slug: string; title: string; status: string }[];
  /** The worker's D1 binding, driven from Node through Miniflare (backup tests). */
  d1: D1Like;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  stop(): Promise<void>;
}

export interface D1Statement {
  bind(...values: unknown[]): D1Statement;
  all<T = Record<string, unknown>>(): Promise<{ results: T[] }>;
  first<T = Record<string, unknown>>(): Promise<T | null>;
  run(): Promise<unknown>;
}

export interface D1Like {
  prepare(sql: string): D1Statement;
  batch(statements: D1Statement[]): Promise<unknown[]>;
}

export function startWorker(
  options: { seed?: boolean; vars?: Record<string, string> } = {},
): Promise<LocalWorker> {
  return startLocalWorker(options);
}
