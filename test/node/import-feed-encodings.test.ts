// import-feed reads a feed in the encoding it declares (BOM, HTTP charset, XML declaration), detects
// undeclared Latin-1, and refuses a feed that does not decode instead of storing U+FFFD.
// Encoded fixtures are made at test time with iconv from UTF-8 text.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, runNpm } from "./cli";
import { type LocalWorker, startWorker } from "./harness";
import { allArticles, byGuid, type FeedServer, iconv, startFeedServer } from "./import-feed-support";

let worker: LocalWorker;
let server: FeedServer;
let dir: string;
let newsZh: string;

beforeAll(async () => {
  worker = await startWorker({ seed: false });
  server = await startFeedServer();
  dir = await mkdtemp(path.join(tmpdir(), "import-feed-enc-"));
  newsZh = await readFile(path.join(ROOT, "test/fixtures/feeds/news-zh.xml"), "utf8");
});
afterAll(async () => {
  await server?.close();
  await worker?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const flags = () => ["--url", worker.url, "--token", worker.token];

/** The Chinese fixture with its own guids (tag) and the given XML declaration. */
function chineseFeed(tag: string, declaration: string): string {
  return newsZh
    .replace('<?xml version="1.0" encoding="UTF-8"?>', declaration)
    .replaceAll("https://news.example.cn/", `https://news.example.cn/${tag}/`);
}

/** A one-item feed whose title and body are in one script. */
function smallFeed(tag: string, declaration: string, title: string): string {
  return `${declaration}
<rss version="2.0"><channel><title>${tag}</title><link>https://enc.example.org/</link><description>d</description>
<item><title>${title}</title><guid>https://enc.example.org/${tag}</guid>
<pubDate>Tue, 18 Sep 2018 14:38:10 +0800</pubDate><description>&lt;p&gt;${title}&lt;/p&gt;</description></item>
</channel></rss>
`;
}

async function importFile(name: string, bytes: Uint8Array) {
  const file = path.join(dir, name);
  await writeFile(file, bytes);
  return runNpm("import-feed", [file, ...flags()]);
}

function expectNoReplacementCharacter(article: Record<string, unknown>) {
  expect(JSON.stringify(article)).not.toContain("\uFFFD");
}

describe("import-feed text encodings", () => {
  it('reads a file declared encoding="gb2312" (GBK bytes) as GBK, Chinese intact', async () => {
    const run = await importFile(
      "gb2312.xml",
      iconv(chineseFeed("gb2312", '<?xml version="1.0" encoding="gb2312"?>'), "GBK"),
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('RSS feed "湖城日报·要闻": 2 items');
    expect(run.stdout).toContain('text encoding: gbk (XML declaration "gb2312")');
    expect(run.stdout).toContain("2 created, 0 updated, 0 skipped, 0 failed");
    const article = await byGuid(worker, "https://news.example.cn/gb2312/yaowen/2018-09/18/c-renovation");
    expect(article).toMatchObject({
      title: "湖城老旧小区改造今年惠及三万余户",
      tags: ["要闻", "城建"],
      authors: [{ name: "周明远" }],
      source: { name: "湖城日报" },
      image: {
        caption: "东湖街道翠柳小区完成外立面改造，居民在新建的口袋公园休憩。",
        credit: "记者 柯岩 摄",
      },
    });
    expect(article?.bodyHtml).toContain("<h3>二、管线入地，楼道见光</h3>");
    expect(article?.bodyHtml).toContain("家住翠柳小区的镕姨说"); // 镕 is GBK, not GB2312
    expect(article?.bodyHtml).toContain("（责编：韩雪、柯岩）");
    expectNoReplacementCharacter(article ?? {});
  });

  it.each([
    ["gb18030", "GB18030", "湖城图书馆收藏㐀字碑拓"], // U+3400 lies outside GBK
    ["big5", "BIG5", "臺北捷運環狀線通車"],
    ["shift_jis", "SHIFT_JIS", "東京都、防災訓練を実施"],
    ["euc-kr", "EUC-KR", "서울시 야간 버스 노선 확대"],
    ["iso-8859-2", "ISO-8859-2", "Łódź otwiera nową linię tramwajową"],
    ["iso-8859-5", "ISO-8859-5", "Новая линия метро открыта"],
    ["iso-8859-7", "ISO-8859-7", "Νέα γραμμή μετρό στην Αθήνα"],
    ["windows-1250", "WINDOWS-1250", "Příliš žluťoučký kůň"],
    ["windows-1251", "WINDOWS-1251", "Городской совет утвердил бюджет"],
    ["windows-1252", "WINDOWS-1252", "Café “Zürich” reopens – €5 menu"],
  ])("reads a file declared %s", async (label, iconvName, title) => {
    const feed = smallFeed(label, `<?xml version="1.0" encoding="${label}"?>`, title);
    const run = await importFile(`${label}.xml`, iconv(feed, iconvName));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`text encoding: ${label} (XML declaration "${label}")`);
    const article = await byGuid(worker, `https://enc.example.org/${label}`);
    expect(article?.title).toBe(title);
    expect(article?.bodyHtml).toBe(`<p>${title}</p>`);
  });

  it("detects undeclared Latin-1 (no XML declaration, not valid UTF-8)", async () => {
    const title = "Café in Zürich öffnet à la carte";
    const run = await importFile("latin1.xml", iconv(smallFeed("latin1", "", title), "ISO-8859-1"));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("text encoding: windows-1252 (no declaration, not valid UTF-8)");
    expect((await byGuid(worker, "https://enc.example.org/latin1"))?.title).toBe(title);
  });

  it("honours a UTF-16 byte order mark", async () => {
    const title = "湖城地铁三号线开通";
    const utf16 = iconv(smallFeed("utf16", '<?xml version="1.0" encoding="UTF-16"?>', title), "UTF-16LE");
    const run = await importFile("utf16.xml", Buffer.concat([Buffer.from([0xff, 0xfe]), utf16]));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("text encoding: utf-16le (byte order mark)");
    expect((await byGuid(worker, "https://enc.example.org/utf16"))?.title).toBe(title);
  });

  it("honours the HTTP charset of a feed without an encoding declaration", async () => {
    server.serve(
      "/gbk.xml",
      iconv(chineseFeed("http-gbk", '<?xml version="1.0"?>'), "GBK"),
      "application/rss+xml; charset=gb2312",
    );
    const run = await runNpm("import-feed", [server.url("/gbk.xml"), ...flags()]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('text encoding: gbk (HTTP charset "gb2312")');
    const article = await byGuid(worker, "https://news.example.cn/http-gbk/jingji/2018-09/18/c-harvest");
    expect(article?.title).toBe("秋粮收购启动 “优质优价”让农民多增收");
    expect(article?.bodyHtml).toContain("（责编：苏青禾）");
  });

  it("falls back to the XML declaration when a server's default charset does not fit", async () => {
    const bytes = iconv(chineseFeed("http-mislabel", '<?xml version="1.0" encoding="GBK"?>'), "GBK");
    server.serve("/mislabelled.xml", bytes, "text/xml; charset=utf-8");
    const run = await runNpm("import-feed", [server.url("/mislabelled.xml"), ...flags()]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('text encoding: gbk (XML declaration "GBK")');
    const article = await byGuid(worker, "https://news.example.cn/http-mislabel/jingji/2018-09/18/c-harvest");
    expect(article?.title).toBe("秋粮收购启动 “优质优价”让农民多增收");
  });

  it("refuses a feed that does not decode in its encoding, stores nothing, but keeps a U+FFFD sent as such", async () => {
    const before = (await allArticles(worker)).length;
    server.serve(
      "/wrong.xml",
      iconv(chineseFeed("wrong", '<?xml version="1.0"?>'), "GBK"),
      "application/rss+xml; charset=utf-8",
    );
    const served = await runNpm("import-feed", [server.url("/wrong.xml"), ...flags()]);
    expect(served.code).toBe(1);
    const firstChineseLine = newsZh.split("\n").findIndex((line) => /[^ -~\t]/.test(line)) + 1;
    expect(served.stderr).toMatch(
      new RegExp(
        `not valid utf-8 \\(HTTP charset "utf-8"\\): undecodable bytes [0-9a-f ]+ at byte \\d+, line ${firstChineseLine};`,
      ),
    );

    const [head = "", tail = ""] = chineseFeed("corrupt", '<?xml version="1.0" encoding="gb2312"?>').split(
      "湖城老旧小区",
    );
    const corrupt = Buffer.concat([
      iconv(head, "GBK"),
      Buffer.from([0x81, 0x20]),
      iconv(`湖城老旧小区${tail}`, "GBK"),
    ]);
    const file = await importFile("corrupt.xml", corrupt);
    expect(file.code).toBe(1);
    expect(file.stderr).toContain('not valid gbk (XML declaration "gb2312")');
    expect(file.stderr).toContain(`line ${head.split("\n").length};`);
    expect(file.stdout).not.toContain("created");
    expect((await allArticles(worker)).length).toBe(before);

    const sent = "Replacement \uFFFD kept as sent";
    const utf8 = Buffer.from(smallFeed("fffd", '<?xml version="1.0" encoding="UTF-8"?>', sent));
    expect((await importFile("fffd.xml", utf8)).code).toBe(0);
    expect((await byGuid(worker, "https://enc.example.org/fffd"))?.title).toBe(sent);
  });
});
