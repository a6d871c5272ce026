// Shared by the import-feed tests: byte conversion with iconv, a local feed server, editor reads.
import { execFileSync } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { LocalWorker } from "./harness";

/** UTF-8 text → bytes in another encoding, converted by the system's iconv (glibc). */
export function iconv(text: string, encoding: string): Buffer {
  return execFileSync("iconv", ["-f", "UTF-8", "-t", encoding], { input: text });
}

export interface FeedServer {
  url(path: string): string;
  serve(path: string, body: string | Uint8Array, contentType: string): void;
  close(): Promise<void>;
}

/** A 127.0.0.1 server answering each path with the bytes and Content-Type it was given. */
export async function startFeedServer(): Promise<FeedServer> {
  const routes = new Map<string, { body: string | Uint8Array; contentType: string }>();
  const server = createServer((req, res) => {
    const route = routes.get(new URL(req.url ?? "/", "http://x").pathname);
    if (!route) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": route.contentType });
    res.end(route.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    serve: (path, body, contentType) => routes.set(path, { body, contentType }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export type EditorArticle = Record<string, unknown> & {
  id: number;
  guid: string;
  title: string;
  bodyHtml: string;
  publishedAt: string;
};

export async function editorGet(worker: LocalWorker, idOrSlug: string): Promise<EditorArticle> {
  const res = await worker.fetch(`/api/v1/articles/${encodeURIComponent(idOrSlug)}`, {
    headers: { authorization: `Bearer ${worker.token}` },
  });
  if (res.status !== 200) throw new Error(`GET ${idOrSlug}: HTTP ${res.status}`);
  return (await res.json()) as EditorArticle;
}

/** Every stored article (drafts included), newest first. */
export async function allArticles(worker: LocalWorker): Promise<EditorArticle[]> {
  const res = await worker.fetch("/api/v1/articles?limit=100", {
    headers: { authorization: `Bearer ${worker.token}` },
  });
  return ((await res.json()) as { items: EditorArticle[] }).items;
}

export async function byGuid(worker: LocalWorker, guid: string): Promise<EditorArticle | undefined> {
  const found = (await allArticles(worker)).find((a) => a.guid === guid);
  return found ? editorGet(worker, String(found.id)) : undefined;
}
