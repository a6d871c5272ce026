import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, runNpm } from "./cli";
import { type LocalWorker, startWorker } from "./harness";

const FEEDS = path.join(ROOT, "test/fixtures/feeds");
let worker: LocalWorker;
let server: Server;
let served = "";

beforeAll(async () => {
  worker = await startWorker({ seed: false });
  server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/atom+xml; charset=utf-8" });
    res.end(served);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await worker?.stop();
});

const flags = () => ["--url", worker.url, "--token", worker.token];

async function editorGet(idOrSlug: string) {
  const res = await worker.fetch(`/api/v1/articles/${encodeURIComponent(idOrSlug)}`, {
    headers: { authorization: `Bearer ${worker.token}` },
  });
  return (await res.json()) as Record<string, unknown> & { id: number; version: number; guid: string };
}

describe("npm run import-feed", () => {
  it("imports an RSS 2.0 file with every field it can map, and nothing twice", async () => {
    const file = path.join(FEEDS, "rss.xml");
    const first = await runNpm("import-feed", [file, ...flags()]);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('RSS feed "湖城日报": 3 items');
    expect(first.stdout).toContain("3 created, 0 updated, 0 skipped, 0 failed");

    const grid = await editorGet("lakeside-grid");
    expect(grid).toMatchObject({
      guid: "https://old.example.com/?p=101",
      title: "以“小网格”撬动基层“大治理”",
      summary: "湖城市把社区网格作为基层治理的基本单元。",
      language: "zh-CN",
      tags: ["基层治理", "社区", "街道"],
      authors: [{ name: "林晓舟" }],
      source: { name: "城市观察报", url: "https://paper.example.org/rss" },
      publishedAt: "2020-12-09T09:50:37+08:00",
      status: "published",
      image: {
        url: "https://old.example.com/img/grid.jpg",
        caption: "湖城市社区网格员在东湖街道走访居民。",
        credit: "湖城市委组织部 供图",
        type: "image/jpeg",
        length: 84512,
        width: 1200,
        height: 800,
      },
    });
    expect(grid.bodyHtml).toContain("<h2>把责任落到“最后一米”</h2>");
    const buses = await editorGet("night-buses");
    expect(buses).toMatchObject({
      authors: [{ name: "Maya Okafor" }],
      publishedAt: "2020-12-10T18:30:00-05:00",
      image: { url: "https://old.example.com/img/bus.png", type: "image/png", length: 20480 },
    });

    const again = await runNpm("import-feed", [file, ...flags()]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("0 created, 0 updated, 3 skipped, 0 failed");
    expect((await editorGet("lakeside-grid")).version).toBe(1);
  });

  it("imports a JSON Feed, scoping plain ids under the site URL, and sidesteps a slug already taken", async () => {
    const taken = await worker.fetch("/api/v1/articles", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${worker.token}` },
      body: JSON.stringify({ title: "Ours", slug: "canal-walk" }),
    });
    expect(taken.status).toBe(201);
    const run = await runNpm("import-feed", [path.join(FEEDS, "feed.json"), ...flags()]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("2 created");
    expect(run.stdout).toContain("slug in use here, got a new one");
    const list = await worker.fetch("/api/v1/articles?limit=100");
    const items = ((await list.json()) as { items: { slug: string; guid: string }[] }).items;
    const imported = items.find((a) => a.guid === "https://notes.example.net/#1001");
    const canal = await editorGet(imported?.slug ?? "missing");
    expect(canal).toMatchObject({
      guid: "https://notes.example.net/#1001",
      summary: "步道开放",
      tags: ["城市", "步道"],
      authors: [{ name: "苏青禾", url: "https://notes.example.net/about" }],
      image: { url: "https://notes.example.net/img/canal.avif" },
      publishedAt: "2021-03-01T08:00:00+08:00",
    });
  });

  it("fetches an Atom feed over HTTP and updates an item once the source changed it", async () => {
    const atom = await readFile(path.join(FEEDS, "atom.xml"), "utf8");
    served = atom;
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/atom.xml`;
    const first = await runNpm("import-feed", [url, ...flags()]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("2 created, 0 updated, 0 skipped, 0 failed");
    const entry = await editorGet("night-buses-late-shifts");
    expect(entry).toMatchObject({
      guid: "tag:ledger.example.com,2020:entry-1",
      title: "Night buses & late shifts",
      language: "en",
      tags: ["Transit", "night-economy"],
      authors: [{ name: "Maya Okafor", url: "https://ledger.example.com/staff/maya" }],
      image: { url: "https://ledger.example.com/img/bus.webp", type: "image/webp", length: 9000 },
    });
    expect((await editorGet("second")).bodyHtml).toBe("<p>Just text &lt;not markup&gt;.</p>");

    served = atom
      .replace(
        '<title type="html">Night buses &amp;amp; late shifts</title>',
        "<title>Night buses, revised</title>",
      )
      .replace("<updated>2020-12-11T08:00:00-05:00</updated>", "<updated>2999-01-01T00:00:00Z</updated>");
    const second = await runNpm("import-feed", [url, ...flags()]);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("0 created, 1 updated, 1 skipped, 0 failed");
    expect(second.stdout).toMatch(/updated\s+Night buses, revised .*\(title\)/);
    expect(await editorGet("night-buses-late-shifts")).toMatchObject({
      title: "Night buses, revised",
      version: 2,
    });
  });

  it("reports unreadable sources and keeps exit codes meaningful", async () => {
    const missing = await runNpm("import-feed", [path.join(FEEDS, "nope.xml"), ...flags()]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("cannot read");
    const notFeed = await runNpm("import-feed", [path.join(ROOT, "package.json"), ...flags()]);
    expect(notFeed.code).toBe(1);
    const usage = await runNpm("import-feed", []);
    expect(usage.code).toBe(2);
  });
});
