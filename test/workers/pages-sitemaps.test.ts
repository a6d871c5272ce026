import { XMLParser, XMLValidator } from "fast-xml-parser";
import { beforeEach, describe, expect, it } from "vitest";
import { chineseArticle, draftArticle, englishArticle } from "../fixtures/articles";
import { resetDatabase } from "./support/database";
import { createArticle, jsonRequest, mintToken, request } from "./support/helpers";

beforeEach(resetDatabase);

const SITE = "https://news.example.com";
const HOUR = 3_600_000;
const parser = new XMLParser({
  ignoreAttributes: false,
  isArray: (name) => ["url", "sitemap"].includes(name),
});

async function xml(path: string) {
  const res = await request(path);
  expect(res.status, path).toBe(200);
  expect(res.headers.get("content-type")).toBe("application/xml; charset=utf-8");
  const body = await res.text();
  expect(XMLValidator.validate(body)).toBe(true);
  return parser.parse(body);
}

async function seed() {
  const { secret } = await mintToken();
  const visible = await createArticle(secret, chineseArticle({ slug: "visible-zh" }));
  const en = await createArticle(secret, englishArticle({ slug: "visible-en" }));
  await createArticle(secret, draftArticle({ slug: "draft" }));
  await createArticle(
    secret,
    chineseArticle({ slug: "future", status: "scheduled", publishedAt: "2999-01-01T00:00:00+08:00" }),
  );
  const deleted = await createArticle(secret, chineseArticle({ slug: "deleted" }));
  await jsonRequest("DELETE", `/api/v1/articles/${deleted.id}`, secret, undefined);
  return { secret, visible, en };
}

describe("robots.txt and sitemaps", () => {
  it("robots.txt names the sitemap index and the news sitemap", async () => {
    const res = await request("/robots.txt");
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    const lines = (await res.text()).split("\n");
    expect(lines).toContain("User-agent: *");
    expect(lines).toContain(`Sitemap: ${SITE}/sitemap.xml`);
    expect(lines).toContain(`Sitemap: ${SITE}/sitemaps/news.xml`);
  });

  it("the index points at the news sitemap and each article page; pages list only public articles", async () => {
    await seed();
    const index = await xml("/sitemap.xml");
    expect(index.sitemapindex["@_xmlns"]).toBe("http://www.sitemaps.org/schemas/sitemap/0.9");
    const locs = index.sitemapindex.sitemap.map((s: { loc: string }) => s.loc);
    expect(locs).toEqual([`${SITE}/sitemaps/news.xml`, `${SITE}/sitemaps/articles-1.xml`]);
    expect(index.sitemapindex.sitemap[1].lastmod).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);

    const urls = (await xml("/sitemaps/articles-1.xml")).urlset.url;
    expect(urls.map((u: { loc: string }) => u.loc)).toEqual([
      `${SITE}/articles/visible-zh`,
      `${SITE}/articles/visible-en`,
    ]);
    for (const u of urls) expect(Number.isNaN(Date.parse(u.lastmod))).toBe(false);
    for (const path of ["/sitemaps/articles-0.xml", "/sitemaps/articles-2.xml", "/sitemaps/articles-x.xml"]) {
      expect((await request(path)).status, path).toBe(404);
    }
  });

  it("the news sitemap lists only articles published in the last 48 hours, with the News namespace", async () => {
    const { secret } = await mintToken();
    const now = Date.now();
    const iso = (ms: number) => new Date(ms).toISOString();
    await createArticle(secret, chineseArticle({ slug: "fresh-zh", publishedAt: iso(now - HOUR) }));
    await createArticle(secret, englishArticle({ slug: "fresh-en", publishedAt: iso(now - 47 * HOUR) }));
    await createArticle(secret, chineseArticle({ slug: "stale", publishedAt: iso(now - 49 * HOUR) }));
    await createArticle(
      secret,
      chineseArticle({ slug: "scheduled", status: "scheduled", publishedAt: iso(now + 2 * HOUR) }),
    );
    await createArticle(secret, draftArticle({ slug: "draft", publishedAt: iso(now - HOUR) }));

    const doc = await xml("/sitemaps/news.xml");
    expect(doc.urlset["@_xmlns:news"]).toBe("http://www.google.com/schemas/sitemap-news/0.9");
    const urls = doc.urlset.url;
    expect(urls.map((u: { loc: string }) => u.loc)).toEqual([
      `${SITE}/articles/fresh-zh`,
      `${SITE}/articles/fresh-en`,
    ]);
    const [zh, en] = urls;
    expect(zh["news:news"]["news:publication"]).toEqual({
      "news:name": "城市观察 City Observer",
      "news:language": "zh-cn",
    });
    expect(zh["news:news"]["news:title"]).toBe("以“小网格”撬动基层“大治理”");
    expect(Date.parse(zh["news:news"]["news:publication_date"])).toBe(now - HOUR);
    expect(en["news:news"]["news:publication"]["news:language"]).toBe("en");
  });

  it("keeps each article's own offset in news:publication_date", async () => {
    const { secret } = await mintToken();
    const local = new Date(Date.now() - HOUR + 8 * HOUR).toISOString().slice(0, 19);
    await createArticle(secret, chineseArticle({ slug: "beijing", publishedAt: `${local}+08:00` }));
    const doc = await xml("/sitemaps/news.xml");
    expect(doc.urlset.url[0]["news:news"]["news:publication_date"]).toBe(`${local}+08:00`);
  });
});
