// import-feed: Media RSS as newspapers publish it, offset-less dates in the source's offset, and
// RFC 5005 paging with --all (bounded, loop-safe).
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, runNpm } from "./cli";
import { type LocalWorker, startWorker } from "./harness";
import { byGuid, type FeedServer, startFeedServer } from "./import-feed-support";

const FEEDS = path.join(ROOT, "test/fixtures/feeds");
let worker: LocalWorker;
let server: FeedServer;

beforeAll(async () => {
  worker = await startWorker({ seed: false });
  server = await startFeedServer();
});
afterAll(async () => {
  await server?.close();
  await worker?.stop();
});

const flags = () => ["--url", worker.url, "--token", worker.token];
const ledger = (slug: string) => byGuid(worker, `https://ledger.example.com/2024/05/${slug}`);

describe("import-feed Media RSS images", () => {
  it("takes the largest image whatever shape the feed gives it in", async () => {
    const run = await runNpm("import-feed", [path.join(FEEDS, "media-rss.xml"), ...flags()]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("5 created, 0 updated, 0 skipped, 0 failed");

    expect((await ledger("sizes"))?.image).toEqual({
      url: "https://static.example.com/2024/05/sizes-1024.jpg",
      width: 1024,
      caption: "Ferry passengers at dawn.",
      credit: "Maya Okafor for the Ledger",
    });
    expect((await ledger("group"))?.image).toEqual({
      url: "https://static.example.com/2024/05/group-large.jpg",
      width: 1600,
      height: 1067,
      caption: "The new harbor bridge.",
    });
    expect((await ledger("thumbs"))?.image).toEqual({
      url: "https://static.example.com/2024/05/thumb-600.jpg",
      width: 600,
      height: 400,
    });
    const leading = await ledger("leading");
    expect(leading?.image).toEqual({
      url: "https://ledger.example.com/media/2024/05/market.jpg",
      width: 900,
      height: 600,
      alt: "Stalls under lanterns",
      caption: "The night market reopens.",
    });
    expect(leading?.bodyHtml).toBe("<p>Forty stalls returned on Friday.</p>");
    expect((await ledger("video"))?.image).toBeNull();
  });
});

describe("import-feed dates without an offset", () => {
  it("reads them in the site's SITE_UTC_OFFSET and says so", async () => {
    const run = await runNpm("import-feed", [path.join(FEEDS, "news-zh.xml"), ...flags()]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      "2 item dates had no UTC offset: read as +08:00 (the site's SITE_UTC_OFFSET in wrangler.toml; change with --source-offset)",
    );
    const renovation = await byGuid(worker, "https://news.example.cn/yaowen/2018-09/18/c-renovation");
    expect(renovation?.publishedAt).toBe("2018-09-18T14:38:10+08:00");
    const harvest = await byGuid(worker, "https://news.example.cn/jingji/2018-09/18/c-harvest");
    expect(harvest?.publishedAt).toBe("2018-09-18T09:05:00+08:00");
    const page = await worker.fetch(`/articles/${renovation?.slug}`);
    const html = await page.text();
    expect(html).toContain('datetime="2018-09-18T14:38:10+08:00"');
    expect(html).toContain("2018年09月18日 14:38");
    expect(html).not.toContain("（GMT）");
  });

  it("uses --source-offset when given, and refuses one that is not an offset", async () => {
    const text = (await readFile(path.join(FEEDS, "news-zh.xml"), "utf8")).replaceAll(
      "https://news.example.cn/",
      "https://tokyo.example.jp/",
    );
    server.serve("/tokyo.xml", text, "application/rss+xml; charset=utf-8");
    const run = await runNpm("import-feed", [
      server.url("/tokyo.xml"),
      "--source-offset",
      "+0900",
      ...flags(),
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("2 item dates had no UTC offset: read as +09:00 (--source-offset");
    const article = await byGuid(worker, "https://tokyo.example.jp/yaowen/2018-09/18/c-renovation");
    expect(article?.publishedAt).toBe("2018-09-18T14:38:10+09:00");

    const bad = await runNpm("import-feed", [
      server.url("/tokyo.xml"),
      "--source-offset",
      "Beijing",
      ...flags(),
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--source-offset is not a UTC offset like +08:00: Beijing");
  });
});

/** An RSS page of RFC 5005 paging with its own items and a `next` link. */
function rssPage(page: number, next: string | null, itemCount = 2): string {
  const items = Array.from(
    { length: itemCount },
    (_, i) => `<item><title>Page ${page} item ${i + 1}</title>
      <guid>https://paged.example.org/p${page}/${i + 1}</guid>
      <pubDate>Tue, 18 Sep 2018 1${i}:00:00 +0800</pubDate><description>p${page}</description></item>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>
<title>Paged</title><link>https://paged.example.org/</link><description>d</description>
${next ? `<atom:link rel="next" href="${next}"/>` : ""}
${items.join("\n")}
</channel></rss>`;
}

describe("import-feed --all", () => {
  it("follows next links across pages, stops at a loop, and only with --all", async () => {
    server.serve("/paged/1.xml", rssPage(1, "2.xml"), "application/rss+xml");
    server.serve("/paged/2.xml", rssPage(2, "/paged/3.xml"), "application/rss+xml");
    server.serve("/paged/3.xml", rssPage(3, server.url("/paged/1.xml#again")), "application/rss+xml");

    const single = await runNpm("import-feed", [server.url("/paged/1.xml"), "--draft", ...flags()]);
    expect(single.code).toBe(0);
    expect(single.stdout).toContain('RSS feed "Paged": 2 items\n');
    expect(single.stdout).toContain(
      `the feed has more pages (next: ${server.url("/paged/2.xml")}); --all follows them`,
    );

    const all = await runNpm("import-feed", [server.url("/paged/1.xml"), "--all", "--draft", ...flags()]);
    expect(all.code).toBe(0);
    expect(all.stdout).toContain('RSS feed "Paged": 6 items from 3 pages');
    expect(all.stdout).toContain("4 created, 0 updated, 2 skipped, 0 failed");
    expect(all.stderr).toContain(
      `paging: page 3 links back to ${server.url("/paged/1.xml#again")}, already read`,
    );
    expect((await byGuid(worker, "https://paged.example.org/p3/2"))?.title).toBe("Page 3 item 2");
  });

  it("stops at --max-pages and follows an Atom archive's prev-archive links", async () => {
    for (let n = 1; n <= 4; n++) {
      server.serve(`/deep/${n}.xml`, rssPage(10 + n, `${n + 1}.xml`, 1), "application/rss+xml");
    }
    const bounded = await runNpm("import-feed", [
      server.url("/deep/1.xml"),
      "--all",
      "--max-pages",
      "3",
      ...flags(),
    ]);
    expect(bounded.code).toBe(0);
    expect(bounded.stdout).toContain('RSS feed "Paged": 3 items from 3 pages');
    expect(bounded.stderr).toContain(
      `paging: stopped after 3 pages (--max-pages); next was ${server.url("/deep/4.xml")}`,
    );

    server.serve("/remote.xml", rssPage(20, "file:///etc/hostname", 1), "application/rss+xml");
    const remote = await runNpm("import-feed", [server.url("/remote.xml"), "--all", ...flags()]);
    expect(remote.code).toBe(0);
    expect(remote.stderr).toContain(
      "paging: page 1 links to a local file, not followed: file:///etc/hostname",
    );

    const archive = (id: string, prev: string | null) => `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Archive</title><id>urn:x:archive</id><updated>2018-09-18T00:00:00Z</updated>
${prev ? `<link rel="prev-archive" href="${prev}"/>` : ""}
<entry><id>urn:x:archive:${id}</id><title>Archived ${id}</title><updated>2018-09-18T06:00:00Z</updated>
<content type="text">${id}</content></entry></feed>`;
    server.serve("/archive/current.xml", archive("current", "2018-09.xml"), "application/atom+xml");
    server.serve("/archive/2018-09.xml", archive("2018-09", "2018-08.xml"), "application/atom+xml");
    server.serve("/archive/2018-08.xml", archive("2018-08", null), "application/atom+xml");
    const run = await runNpm("import-feed", [server.url("/archive/current.xml"), "--all", ...flags()]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('ATOM feed "Archive": 3 items from 3 pages');
    expect(run.stderr).toBe("");
    expect((await byGuid(worker, "urn:x:archive:2018-08"))?.title).toBe("Archived 2018-08");
  });
});
