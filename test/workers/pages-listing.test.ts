import { beforeEach, describe, expect, it } from "vitest";
import { chineseArticle, draftArticle, englishArticle } from "../fixtures/articles";
import { resetDatabase } from "./support/database";
import { createArticle, mintToken, request } from "./support/helpers";
import { attr, findAll, findOne, parseHtml, text } from "./support/html";

beforeEach(resetDatabase);

const SITE = "https://news.example.com";
const enc = encodeURIComponent;

async function page(path: string) {
  const res = await request(path);
  expect(res.status, path).toBe(200);
  const { document, errors } = parseHtml(await res.text());
  expect(errors).toEqual([]);
  return document;
}

const titles = (doc: Awaited<ReturnType<typeof page>>) =>
  findAll(findOne(doc, "ol", { class: "article-list" }), "h2").map(text);
const feedHrefs = (doc: Awaited<ReturnType<typeof page>>) =>
  findAll(findOne(doc, "head"), "link", { rel: "alternate" }).map(
    (l) => `${attr(l, "type")} ${attr(l, "href")}`,
  );

async function seed() {
  const { secret } = await mintToken();
  await createArticle(
    secret,
    chineseArticle({ slug: "zh-old", title: "旧闻", publishedAt: "2020-12-01T08:00:00+08:00" }),
  );
  await createArticle(
    secret,
    chineseArticle({
      slug: "zh-other-section",
      title: "书店",
      section: ["深度报道", "城市文化"],
      tags: ["文化"],
      authors: [{ name: "陈墨", title: "本报记者" }],
      publishedAt: "2020-12-08T15:20:00+08:00",
    }),
  );
  await createArticle(secret, englishArticle({ slug: "en-new", publishedAt: "2020-12-10T18:30:00-05:00" }));
  await createArticle(secret, draftArticle({ slug: "draft", tags: ["社区"] }));
  await createArticle(
    secret,
    chineseArticle({
      slug: "future",
      title: "未来",
      status: "scheduled",
      publishedAt: "2999-01-01T00:00:00+08:00",
    }),
  );
  return secret;
}

describe("listing pages", () => {
  it("home lists public articles newest first, each with its link, local time and language", async () => {
    await seed();
    const doc = await page("/");
    expect(attr(findOne(doc, "html"), "lang")).toBe("zh-CN");
    expect(text(findOne(doc, "h1"))).toBe("最新文章");
    expect(titles(doc)).toEqual(["Harbor City adds night bus routes", "书店", "旧闻"]);
    const items = findAll(findOne(doc, "ol", { class: "article-list" }), "li");
    const en = findOne(items[0] ?? doc, "article");
    const zh = findOne(items[1] ?? doc, "article");
    expect(items.map((li) => attr(li, "lang"))).toEqual(["en", undefined, undefined]);
    expect(attr(findOne(en, "a"), "href")).toBe("/articles/en-new");
    expect(text(findOne(en, "time"))).toBe("December 10, 2020, 6:30 PM GMT-5");
    expect(text(findOne(zh, "time"))).toBe("2020年12月08日 15:20");
    expect(attr(findOne(findOne(doc, "head"), "link", { rel: "canonical" }), "href")).toBe(`${SITE}/`);
    expect(feedHrefs(doc)).toEqual([
      `application/rss+xml ${SITE}/feed.xml`,
      `application/atom+xml ${SITE}/atom.xml`,
      `application/feed+json ${SITE}/feed.json`,
    ]);
    expect(attr(findOne(findOne(doc, "head"), "link", { rel: "micropub" }), "href")).toBe(`${SITE}/micropub`);
  });

  it("section pages list the whole subtree, show a breadcrumb and advertise their own feeds first", async () => {
    await seed();
    const top = await page(`/section/${enc("深度报道")}`);
    expect(text(findOne(top, "h1"))).toBe("深度报道");
    expect(titles(top)).toEqual(["书店", "旧闻"]);
    const leafPath = `/section/${enc("深度报道")}/${enc("自媒体")}`;
    const leaf = await page(leafPath);
    expect(titles(leaf)).toEqual(["旧闻"]);
    expect(findAll(findOne(leaf, "nav", { class: "breadcrumb" }), "a").map((a) => attr(a, "href"))).toEqual([
      "/",
      `/section/${enc("深度报道")}`,
      leafPath,
    ]);
    expect(feedHrefs(leaf).slice(0, 3)).toEqual([
      `application/rss+xml ${SITE}${leafPath}/feed.xml`,
      `application/atom+xml ${SITE}${leafPath}/atom.xml`,
      `application/feed+json ${SITE}${leafPath}/feed.json`,
    ]);
    expect(feedHrefs(leaf)[3]).toBe(`application/rss+xml ${SITE}/feed.xml`);
  });

  it("tag and author pages list their articles; the author page shows the job title", async () => {
    await seed();
    const tag = await page(`/tag/${enc("社区")}`);
    expect(text(findOne(tag, "h1"))).toBe("标签：社区");
    expect(titles(tag)).toEqual(["旧闻"]);
    expect(feedHrefs(tag)[0]).toBe(`application/rss+xml ${SITE}/tag/${enc("社区")}/feed.xml`);
    const author = await page(`/author/${enc("陈墨")}`);
    expect(text(findOne(author, "h1"))).toBe("陈墨");
    expect(text(findOne(author, "p", { class: "listing-intro" }))).toBe("本报记者");
    expect(titles(author)).toEqual(["书店"]);
    expect(feedHrefs(author)[2]).toBe(`application/feed+json ${SITE}/author/${enc("陈墨")}/feed.json`);
  });

  it("answers 404 for scopes with nothing public and leaves feed paths alone", async () => {
    await seed();
    for (const path of [
      `/tag/${enc("没有")}`,
      `/author/${enc("无名")}`,
      `/section/${enc("城市")}`, // only a draft there
      "/section/",
      "/section/a//b",
    ]) {
      const res = await request(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    }
    const feedPath = await request(`/section/${enc("深度报道")}/feed.xml`);
    expect(feedPath.headers.get("content-type")).not.toMatch(/^text\/html/);
  });

  it("home shows an empty state rather than a 404 when nothing is published", async () => {
    const doc = await page("/");
    expect(text(findOne(findOne(doc, "main"), "p"))).toBe("暂无文章。");
  });

  it("paginates by keyset: an 'older' link, no overlap, and a way back to the newest", async () => {
    const { secret } = await mintToken();
    for (let i = 0; i < 22; i++) {
      const day = String(i + 1).padStart(2, "0");
      await createArticle(
        secret,
        englishArticle({ slug: `story-${i}`, title: `Story ${i}`, publishedAt: `2021-01-${day}T08:00:00Z` }),
      );
    }
    const first = await page("/");
    expect(titles(first)).toEqual(Array.from({ length: 20 }, (_, i) => `Story ${21 - i}`));
    const older = findOne(first, "a", { rel: "next" });
    const olderHref = attr(older, "href") ?? "";
    expect(olderHref).toMatch(/^\/\?cursor=/);
    expect(text(older)).toBe("更早的文章");

    const second = await page(olderHref);
    expect(titles(second)).toEqual(["Story 1", "Story 0"]);
    expect(findAll(second, "a", { rel: "next" })).toHaveLength(0);
    expect(attr(findOne(findOne(second, "nav", { class: "pager" }), "a"), "href")).toBe("/");
    expect(attr(findOne(second, "link", { rel: "canonical" }), "href")).toBe(`${SITE}${olderHref}`);
  });
});
