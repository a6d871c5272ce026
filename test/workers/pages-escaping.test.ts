import { beforeEach, describe, expect, it } from "vitest";
import { chineseArticle } from "../fixtures/articles";
import { resetDatabase } from "./support/database";
import { createArticle, mintToken, request } from "./support/helpers";
import {
  allElements,
  attr,
  findAll,
  findOne,
  innerHtml,
  meta,
  normalizeFragment,
  parseHtml,
  text,
} from "./support/html";

beforeEach(resetDatabase);

const SCRIPT_TAG = "<script>alert(1)</script>";
const ATTR_BREAK = `"><img src=x onerror=alert(1)>`;
const LD_BREAK = "</script><script>alert(2)</script><!--";
const SUMMARY = `${ATTR_BREAK} & ${SCRIPT_TAG}`;

const hostile = chineseArticle({
  slug: "hostile",
  title: `${SCRIPT_TAG} ${LD_BREAK}`,
  subtitle: ATTR_BREAK,
  summary: SUMMARY,
  section: [SCRIPT_TAG.replaceAll("/", ""), `'${ATTR_BREAK}`],
  tags: [ATTR_BREAK, "<b>x"],
  authors: [{ name: ATTR_BREAK, title: `<i>${SCRIPT_TAG}` }],
  editors: [{ name: LD_BREAK }],
  source: { name: `${LD_BREAK}${ATTR_BREAK}` },
  image: {
    url: "https://images.example.org/a.jpg",
    caption: `${LD_BREAK}${ATTR_BREAK}`,
    credit: SCRIPT_TAG,
    alt: ATTR_BREAK,
  },
  printEdition: { publication: SCRIPT_TAG, date: "2020-12-07", page: "<b>1", section: ATTR_BREAK },
  body:
    `<p onclick="alert(1)">正文</p><script>alert(3)</script><img src="x" onerror="alert(4)">` +
    `<a href="javascript:alert(5)">链接</a><style>body{}</style><p style="color:red">样式</p>`,
});

describe("hostile article fields", () => {
  it("are shown as text everywhere and never become markup", async () => {
    const { secret } = await mintToken();
    const created = await createArticle(secret, hostile);
    const res = await request("/articles/hostile");
    expect(res.status).toBe(200);
    const source = await res.text();
    const { document: doc, errors } = parseHtml(source);
    expect(errors).toEqual([]);

    // Only the JSON-LD data block is a script; nothing carries event handlers, inline styles or <style>.
    expect(findAll(doc, "script").map((s) => attr(s, "type"))).toEqual(["application/ld+json"]);
    expect(findAll(doc, "style")).toHaveLength(0);
    for (const el of allElements(doc)) {
      for (const a of el.attrs) {
        expect(a.name).not.toMatch(/^on/i);
        expect(a.name).not.toBe("style");
        expect(a.value).not.toMatch(/^\s*javascript:/i);
      }
    }
    // The hostile attribute value in alt= stayed inside its attribute: no second lead <img>.
    expect(findAll(findOne(doc, "figure", { class: "lead-image" }), "img")).toHaveLength(1);

    // The hostile strings survive as text, byte for byte.
    expect(text(findOne(doc, "h1"))).toBe(hostile.title);
    // Too long for "title - site": the article's own title alone.
    expect(text(findOne(doc, "title"))).toBe(hostile.title);
    expect(text(findOne(doc, "p", { class: "subtitle" }))).toBe(ATTR_BREAK);
    expect(meta(doc, "description")).toEqual([SUMMARY]);
    expect(meta(doc, "og:title")).toEqual([hostile.title]);
    expect(meta(doc, "og:image:alt")).toEqual([ATTR_BREAK]);
    expect(text(findOne(doc, "a", { rel: "author" }))).toBe(ATTR_BREAK);
    expect(text(findOne(doc, "span", { class: "job-title" }))).toBe(`<i>${SCRIPT_TAG} `);
    expect(text(findOne(doc, "figcaption"))).toBe(`${LD_BREAK}${ATTR_BREAK}${SCRIPT_TAG}`);
    expect(attr(findOne(findOne(doc, "figure", { class: "lead-image" }), "img"), "alt")).toBe(ATTR_BREAK);
    expect(text(findOne(doc, "p", { class: "editors" }))).toBe(`责任编辑：${LD_BREAK}`);
    expect(findAll(findOne(doc, "nav", { class: "tags" }), "a").map(text)).toEqual([ATTR_BREAK, "<b>x"]);
    expect(findAll(findOne(doc, "nav", { class: "breadcrumb" }), "a").map(text)).toEqual([
      "首页",
      "<script>alert(1)<script>",
      `'${ATTR_BREAK}`,
    ]);

    // The JSON-LD block holds no "<", ">" or "&" at all, and parses back to the exact strings.
    const ld = text(findOne(doc, "script", { type: "application/ld+json" }));
    expect(ld).not.toMatch(/[<>&\u2028\u2029]/);
    const [article] = JSON.parse(ld)["@graph"];
    expect(article.headline).toBe(hostile.title);
    expect(article.author[0].name).toBe(ATTR_BREAK);
    expect(article.image.caption).toBe(`${LD_BREAK}${ATTR_BREAK}`);
    expect(article.sourceOrganization.name).toBe(`${LD_BREAK}${ATTR_BREAK}`);

    // The one raw insertion is the stored, sanitized body, unchanged.
    const body = findOne(doc, "div", { class: "article-body" });
    expect(innerHtml(body)).toBe(normalizeFragment(created.bodyHtml));
    expect(created.bodyHtml).not.toMatch(/<script|onerror|onclick|javascript:|<style|style=/i);
    expect(text(body)).toContain("正文");
    expect(source).not.toContain("<script>alert");
  });

  it("are escaped on listing pages and in the news sitemap too", async () => {
    const { secret } = await mintToken();
    await createArticle(secret, { ...hostile, publishedAt: new Date(Date.now() - 60_000).toISOString() });
    const home = parseHtml(await (await request("/")).text());
    expect(home.errors).toEqual([]);
    expect(findAll(home.document, "script")).toHaveLength(0);
    expect(text(findOne(home.document, "h2"))).toBe(hostile.title);
    const tag = await request(`/tag/${encodeURIComponent(ATTR_BREAK)}`);
    expect(tag.status).toBe(200);
    const tagPage = parseHtml(await tag.text());
    expect(text(findOne(tagPage.document, "h1"))).toBe(`标签：${ATTR_BREAK}`);
    const news = await (await request("/sitemaps/news.xml")).text();
    expect(news).not.toContain("<script>");
    expect(news).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });
});
