import { beforeEach, describe, expect, it } from "vitest";
import samples from "../../sample/articles.json";
import { chineseArticle } from "../fixtures/articles";
import { resetDatabase } from "./support/database";
import { createArticle, mintToken, patchArticle, request } from "./support/helpers";
import { attr, findAll, findOne, innerHtml, meta, normalizeFragment, parseHtml, text } from "./support/html";

beforeEach(resetDatabase);

function sample(slug: string) {
  const found = samples.find((a) => a.slug === slug);
  if (!found) throw new Error(`sample/articles.json has no ${slug}`);
  return found;
}
const lakeside = sample("lakeside-community-governance");
const harbor = sample("harbor-city-night-buses");
const lakesideImage = (() => {
  if (!lakeside.image) throw new Error("the lakeside sample lost its lead image");
  return lakeside.image;
})();
const SITE = "https://news.example.com";
const enc = encodeURIComponent;

async function page(path: string) {
  const res = await request(path);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/html; charset=utf-8/i);
  const parsed = parseHtml(await res.text());
  expect(parsed.errors).toEqual([]);
  return parsed.document;
}

async function publishSamples() {
  const { secret } = await mintToken();
  const zh = await createArticle(secret, lakeside);
  const en = await createArticle(secret, harbor);
  return { secret, zh, en };
}

const clean = (s: string) => s.replace(/\s+/g, " ").trim();

describe("GET /articles/:slug (zh-CN sample)", () => {
  it("shows breadcrumb, headings, meta line, lead image, body, print line, editor and tags", async () => {
    const { zh } = await publishSamples();
    const doc = await page("/articles/lakeside-community-governance");
    expect(attr(findOne(doc, "html"), "lang")).toBe("zh-CN");

    const crumbs = findAll(findOne(doc, "nav", { class: "breadcrumb" }), "a");
    expect(crumbs.map((a) => [text(a), attr(a, "href")])).toEqual([
      ["首页", "/"],
      ["深度报道", `/section/${enc("深度报道")}`],
      ["自媒体", `/section/${enc("深度报道")}/${enc("自媒体")}`],
    ]);
    expect(text(findOne(doc, "h1"))).toBe(lakeside.title);
    expect(text(findOne(doc, "p", { class: "subtitle" }))).toBe(lakeside.subtitle);

    const metaLine = findOne(doc, "p", { class: "meta" });
    const time = findOne(metaLine, "time");
    expect(attr(time, "datetime")).toBe("2020-12-09T09:50:37+08:00");
    expect(text(time)).toBe("2020年12月09日 09:50");
    expect(text(findOne(metaLine, "span", { class: "source" }))).toBe("来源：城市观察报");
    expect(attr(findOne(findOne(metaLine, "span", { class: "source" }), "a"), "href")).toBe(
      "https://paper.example.org/",
    );
    const byline = findOne(metaLine, "span", { class: "byline" });
    expect(clean(text(byline))).toBe("作者：湖城市委常委、组织部部长 林晓舟");
    expect(attr(findOne(byline, "a", { rel: "author" }), "href")).toBe(`/author/${enc("林晓舟")}`);
    expect(findAll(doc, "span", { class: "updated" })).toHaveLength(0);

    const figure = findOne(doc, "figure", { class: "lead-image" });
    const img = findOne(figure, "img");
    expect(attr(img, "src")).toBe(lakesideImage.url);
    expect(attr(img, "src")).toMatch(/^\/media\/[0-9a-f]{32}\.jpg$/);
    expect(attr(img, "alt")).toBe(lakesideImage.alt);
    expect([attr(img, "width"), attr(img, "height")]).toEqual(["1200", "800"]);
    expect(text(findOne(figure, "figcaption"))).toBe(
      "湖城市社区网格员在东湖街道走访居民。湖城市委组织部 供图",
    );
    expect(text(findOne(figure, "span", { class: "credit" }))).toBe("湖城市委组织部 供图");

    const body = findOne(doc, "div", { class: "article-body" });
    expect(findAll(body, "h2").map(text)).toEqual([
      "把责任落到“最后一米”",
      "让数据多跑路、群众少跑腿",
      "让居民成为治理的主角",
    ]);
    expect(innerHtml(body)).toBe(normalizeFragment(zh.bodyHtml));

    expect(text(findOne(doc, "p", { class: "print-edition" }))).toBe(
      "《城市观察报》（2020年12月07日 第17版）",
    );
    expect(text(findOne(doc, "p", { class: "editors" }))).toBe("责任编辑：苏青禾");
    const tags = findAll(findOne(doc, "nav", { class: "tags" }), "a");
    expect(tags.map((a) => [text(a), attr(a, "href"), attr(a, "rel")])).toEqual([
      ["基层治理", `/tag/${enc("基层治理")}`, "tag"],
      ["社区", `/tag/${enc("社区")}`, "tag"],
      ["网格化", `/tag/${enc("网格化")}`, "tag"],
    ]);
  });

  it("fills the head: title, description, canonical, stylesheet, feed autodiscovery", async () => {
    const { zh } = await publishSamples();
    const doc = await page("/articles/lakeside-community-governance");
    const head = findOne(doc, "head");
    expect(text(findOne(head, "title"))).toBe(`${lakeside.title} - 城市观察 City Observer`);
    expect(meta(head, "description")).toEqual([zh.summary]);
    expect(attr(findOne(head, "link", { rel: "canonical" }), "href")).toBe(
      `${SITE}/articles/lakeside-community-governance`,
    );
    expect(attr(findOne(head, "link", { rel: "stylesheet" }), "href")).toMatch(
      /^\/assets\/site\.[0-9a-f]{8}\.css$/,
    );
    const section = `${SITE}/section/${enc("深度报道")}/${enc("自媒体")}`;
    expect(
      findAll(head, "link", { rel: "alternate" }).map((l) => [attr(l, "type"), attr(l, "href")]),
    ).toEqual([
      ["application/rss+xml", `${section}/feed.xml`],
      ["application/atom+xml", `${section}/atom.xml`],
      ["application/feed+json", `${section}/feed.json`],
      ["application/rss+xml", `${SITE}/feed.xml`],
      ["application/atom+xml", `${SITE}/atom.xml`],
      ["application/feed+json", `${SITE}/feed.json`],
    ]);
    for (const link of findAll(head, "link", { rel: "alternate" })) expect(attr(link, "title")).toBeTruthy();
  });

  it("carries OpenGraph and Twitter card metadata", async () => {
    const { zh } = await publishSamples();
    const head = findOne(await page("/articles/lakeside-community-governance"), "head");
    const url = `${SITE}/articles/lakeside-community-governance`;
    const image = `${SITE}${lakesideImage.url}`;
    expect(meta(head, "og:type")).toEqual(["article"]);
    expect(meta(head, "og:title")).toEqual([lakeside.title]);
    expect(meta(head, "og:description")).toEqual([zh.summary]);
    expect(meta(head, "og:url")).toEqual([url]);
    expect(meta(head, "og:site_name")).toEqual(["城市观察 City Observer"]);
    expect(meta(head, "og:locale")).toEqual(["zh_CN"]);
    expect(meta(head, "og:image")).toEqual([image]);
    expect(meta(head, "og:image:alt")).toEqual([lakesideImage.alt]);
    expect(meta(head, "og:image:width")).toEqual(["1200"]);
    expect(meta(head, "og:image:height")).toEqual(["800"]);
    expect(meta(head, "article:published_time")).toEqual(["2020-12-09T09:50:37+08:00"]);
    expect(meta(head, "article:modified_time")).toEqual(["2020-12-09T09:50:37+08:00"]);
    expect(meta(head, "article:section")).toEqual(["自媒体"]);
    expect(meta(head, "article:tag")).toEqual(["基层治理", "社区", "网格化"]);
    expect(meta(head, "article:author")).toEqual([`${SITE}/author/${enc("林晓舟")}`]);
    expect(meta(head, "twitter:card")).toEqual(["summary_large_image"]);
    expect(meta(head, "twitter:title")).toEqual([lakeside.title]);
    expect(meta(head, "twitter:description")).toEqual([zh.summary]);
    expect(meta(head, "twitter:image")).toEqual([image]);
    expect(meta(head, "twitter:image:alt")).toEqual([lakesideImage.alt]);
  });

  it("shows the updated time, in the article's offset, once an edit follows publication", async () => {
    const { secret, zh } = await publishSamples();
    const patched = await patchArticle(secret, zh.id, `"a${zh.id}-v${zh.version}"`, { subtitle: "新副标题" });
    expect(patched.status).toBe(200);
    const doc = await page("/articles/lakeside-community-governance");
    const updated = findOne(doc, "span", { class: "updated" });
    const datetime = attr(findOne(updated, "time"), "datetime") ?? "";
    expect(datetime).toMatch(/\+08:00$/);
    expect(Date.parse(datetime)).toBeGreaterThan(Date.parse("2020-12-09T09:50:37+08:00"));
    expect(text(updated)).toMatch(/^更新于 \d{4}年\d{2}月\d{2}日 \d{2}:\d{2}$/);
    const data = JSON.parse(text(findOne(doc, "script", { type: "application/ld+json" })));
    expect(data["@graph"][0].dateModified).toBe(datetime);
  });
});

describe("GET /articles/:slug (English sample)", () => {
  it("uses English chrome, a 12-hour time with its GMT offset, and the print section", async () => {
    await publishSamples();
    const doc = await page("/articles/harbor-city-night-buses");
    expect(attr(findOne(doc, "html"), "lang")).toBe("en");
    const metaLine = findOne(doc, "p", { class: "meta" });
    expect(attr(findOne(metaLine, "time"), "datetime")).toBe("2020-12-10T18:30:00-05:00");
    expect(text(findOne(metaLine, "time"))).toBe("December 10, 2020, 6:30 PM GMT-5");
    expect(text(findOne(metaLine, "span", { class: "source" }))).toBe("Source: Harbor City Ledger");
    expect(clean(text(findOne(metaLine, "span", { class: "byline" })))).toBe(
      "By Maya Okafor, Transport correspondent",
    );
    expect(text(findOne(doc, "p", { class: "print-edition" }))).toBe(
      "Print edition: Harbor City Ledger, December 11, 2020, page A3, Metro section",
    );
    expect(text(findOne(doc, "p", { class: "editors" }))).toBe("Editor: Daniel Reyes");
    expect(findAll(findOne(doc, "div", { class: "article-body" }), "h2").map(text)).toEqual([
      "Who rides after midnight",
      "What changes in January",
    ]);
    const [article] = JSON.parse(text(findOne(doc, "script", { type: "application/ld+json" })))["@graph"];
    expect(article.author[0].url).toBe("https://news.example.org/staff/maya-okafor");
    expect(article.printSection).toBe("Metro");
    expect(article.printPage).toBe("A3");
    expect(article.inLanguage).toBe("en");
  });

  it("writes a Chinese article published outside Beijing time with its offset named", async () => {
    const { secret } = await mintToken();
    await createArticle(secret, chineseArticle({ slug: "abroad", publishedAt: "2020-12-08T20:50:00-05:00" }));
    const time = findOne(await page("/articles/abroad"), "time");
    expect(attr(time, "datetime")).toBe("2020-12-08T20:50:00-05:00");
    expect(text(time)).toBe("2020年12月08日 20:50（GMT-5）");
  });
});
