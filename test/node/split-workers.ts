// A split deployment in one Miniflare, each Worker built as `npm run build` builds it (once per run): the read Worker
// (wrangler.read.toml) in front of the complete Worker (wrangler.toml) on one D1 and one R2 bucket, and a
// second read Worker whose EDITOR is a stub answering 418, so a test can tell who answered.
import path from "node:path";
import { Miniflare, type WorkerOptions } from "miniflare";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import { WORKER_CONFIGS } from "../../scripts/lib/bundle-groups.mjs";
import {
  freePort,
  ROOT,
  readMigrationStatements,
  seedSampleArticles,
} from "../../scripts/lib/local-worker.mjs";
import { ALL_SCOPES, insertTokenSql, newToken } from "../../scripts/lib/tokens";
import { builtWorkers } from "./harness";

export const PREVIEW_SECRET = "split-test-preview-secret-0123456789abcdef";
const STUB_EDITOR = "stub-editor";
const READ_BEHIND_STUB = "read-behind-stub";

export interface SplitDeployment {
  /** The read Worker's public URL; its EDITOR is the real complete Worker. */
  url: string;
  token: string;
  articles: { id: number; slug: string; title: string }[];
  /** Through the read Worker in front of the real editor. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** Through a read Worker whose EDITOR answers every request with 418. */
  fetchBehindStub(path: string, init?: RequestInit): Promise<Response>;
  stop(): Promise<void>;
}

export async function startSplitDeployment(): Promise<SplitDeployment> {
  const { complete: completeScript, read: readScript } = builtWorkers();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const complete = unstable_getMiniflareWorkerOptions(path.join(ROOT, WORKER_CONFIGS.complete.config));
  const read = unstable_getMiniflareWorkerOptions(path.join(ROOT, WORKER_CONFIGS.read.config));
  const vars = { SITE_URL: url, WEBSUB_HUB_URL: "", PREVIEW_SECRET };
  const storage = { d1Databases: { DB: "split-test-db" }, r2Buckets: { MEDIA: "split-test-media" } };
  const worker = (
    name: string,
    script: string,
    options: typeof complete,
    editor?: string,
  ): WorkerOptions => ({
    name,
    modules: true,
    scriptPath: script,
    modulesRoot: path.dirname(script),
    compatibilityDate: options.workerOptions.compatibilityDate,
    compatibilityFlags: options.workerOptions.compatibilityFlags,
    bindings: { ...options.workerOptions.bindings, ...vars },
    ...storage,
    ...(editor ? { serviceBindings: { EDITOR: editor } } : {}),
  });
  const readName = read.workerOptions.name ?? "edge-news-feed-read";
  const editorName = complete.workerOptions.name ?? "edge-news-feed";
  const mf = new Miniflare({
    host: "127.0.0.1",
    port,
    d1Persist: false,
    r2Persist: false,
    cachePersist: false,
    // Miniflare serves the first Worker on the port: the read Worker, as a split deployment's hostname does.
    workers: [
      worker(readName, readScript, read, editorName),
      worker(editorName, completeScript, complete),
      // Its own socket: requests with an Origin header (CORS preflights) pass Miniflare's entry checks there.
      {
        ...worker(READ_BEHIND_STUB, readScript, read, STUB_EDITOR),
        unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }],
      },
      {
        name: STUB_EDITOR,
        modules: true,
        script: `export default { fetch: (request) => new Response("editor stub: " + request.method, { status: 418 }) };`,
      },
    ],
  });
  await mf.ready;
  const d1 = await mf.getD1Database("DB", editorName);
  for (const statement of await readMigrationStatements()) await d1.prepare(statement).run();
  const { secret, row } = await newToken({ name: "split-editor", scopes: ALL_SCOPES });
  await d1.prepare(insertTokenSql(row)).run();
  // Through the read Worker: every write (media uploads, article creates) is forwarded to the editor.
  const articles = await seedSampleArticles(url, secret);
  const behindStub = await mf.unsafeGetDirectURL(READ_BEHIND_STUB);
  const timeout = () => AbortSignal.timeout(60_000);
  return {
    url,
    token: secret,
    articles,
    fetch: (p, init) => fetch(new URL(p, url), { signal: timeout(), ...init }),
    fetchBehindStub: (p, init) =>
      fetch(new URL(p, behindStub), { signal: timeout(), redirect: "manual", ...init }),
    async stop() {
      await mf.dispose();
    },
  };
}
