// Node-side tests (xmllint, browser, CLI) run against the real built worker through Miniflare.
// @ts-expect-error: plain ESM script shared with bench/load/start scripts
import { startLocalWorker } from "../../scripts/lib/local-worker.mjs";

export interface LocalWorker {
  url: string;
  token: string;
  articles: { id: number; slug: string; title: string; status: string }[];
  fetch(path: string, init?: RequestInit): Promise<Response>;
  stop(): Promise<void>;
}

export function startWorker(
  options: { seed?: boolean; vars?: Record<string, string> } = {},
): Promise<LocalWorker> {
  return startLocalWorker(options);
}
