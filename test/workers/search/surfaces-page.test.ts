// /search?q= and the header's search box: ranked hits with escaped, highlighted snippets, keyset
// paging, empty and error states, noindex, conditional GET, and never a hidden article.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { siteFromEnv } from "../../../src/lib/site";
import { renderSearchPage } from "../../../src/render/search-page";
import { resetDatabase } from "../support/database";
import { createArticle, jsonRequest, mintToken, request } from "../support/helpers";
import { attr, findAll, findOne, parseHtml, text } from "../support/html";

let secret = "";
const ids: Record<string, number> = {};
const PAST = "2025-06-01T08:00:00+08:00";

const search = (q: string, extra = "") => request(`/search?q=${encodeURIComponent(q)}${extra}`);

async function resultHrefs(res: Response): Promise<string[]> {
  expect(res.status).toBe(200);
  const page = parseHtml(await res.text());
  return findAll(page.document, "h2").map((h) => attr(findOne(h, "a"), "href") ?? "");
}

beforeAll(async () => {
  await resetDatabase();
  secret = (await mintToken()).secret;
  const make = async (key: string, body: Record<string, unknown>) => {
    ids[key] = (await createArticle(secret, { publishedAt: PAST, ...body })).id;
  };
  await make("grid", {
    slug: "grid-public",
    title: "社区网格员的一天",
    status: "published",
    body: "清晨七点，網格员已经走进小区。<b>a &lt;script&gt;alert(1)&lt;/script&gt; b</b>",
    bodyFormat: "html",
  });
  await make("draft", { slug: "grid-draft", title: "网格草稿秘闻", body: "未发表的网格内容" });
  await make("future", {
    slug: "grid-future",
    title: "网格定时稿件",
    status: "scheduled",
    publishedAt: "2099-01-01T08:00:00+08:00",
  });
  await make("deleted", { slug: "grid-deleted", title: "网格已删除", status: "published" });
  expect((await jsonRequest("DELETE", `/api/v1/articles/${ids.deleted}`, secret, undefined)).status).toBe(
    204,
  );
});

describe("search page", () => {
  it("the header of every page has a labelled GET search box the page's CSP lets submit", async () => {
    const res = await request("/");
    expect(res.headers.get("content-security-policy")).toContain("form-action 'self'");
    const page = parseHtml(await res.text());
    const form = findOne(findOne(page.document, "header"), "form");
    expect(attr(form, "action")).toBe("/search");
    expect(attr(form, "method")).toBe("get");
    const input = findOne(form, "input", { name: "q" });
    const label = findOne(form, "label");
    expect(attr(label, "for")).toBe(attr(input, "id"));
    expect(text(label)).toBe("搜索");
  });

  it("shows public hits with <mark> snippets, echoes the query, and is noindex", async () => {
    const res = await search("网格");
    expect(res.headers.get("x-robots-tag")).toBe("noindex");
    expect(res.headers.get("cache-control")).toMatch(/^public, max-age=\d+/);
    const html = await res.text();
    const page = parseHtml(html);
    expect(findAll(page.document, "meta", { name: "robots" }).map((m) => attr(m, "content"))).toEqual([
      "noindex",
    ]);
    expect(attr(findOne(page.document, "input", { name: "q" }), "value")).toBe("网格");
    expect(text(findOne(page.document, "h1"))).toBe("搜索：网格");
    expect(findAll(page.document, "h2").map((h) => text(h))).toEqual(["社区网格员的一天"]);
    // Traditional text lights up for the Simplified query; hostile text stays text.
    expect(html).toContain("<mark>網格</mark>员");
    expect(html).toContain("a &lt;script&gt;alert(1)&lt;/script&gt; b");
    expect(html).not.toContain("<script>alert");
    const canonical = findOne(page.document, "link", { rel: "canonical" });
    expect(attr(canonical, "href")).toBe(`https://news.example.com/search?q=${encodeURIComponent("网格")}`);
    const feeds = findAll(page.document, "link", { rel: "alternate" }).map((l) => attr(l, "href"));
    expect(feeds).toContain(`https://news.example.com/search/feed.xml?q=${encodeURIComponent("网格")}`);
  });

  it("never shows drafts, future schedules or deleted articles, nor their words", async () => {
    const html = await (await search("网格")).text();
    for (const hidden of [
      "草稿秘闻",
      "未发表",
      "定时稿件",
      "已删除",
      "grid-draft",
      "grid-future",
      "grid-deleted",
    ]) {
      expect(html).not.toContain(hidden);
    }
    expect(await resultHrefs(await search("秘闻"))).toEqual([]);
  });

  it("escapes a hostile query everywhere it is echoed", async () => {
    const html = await (await search('"><script>x</script>网格')).text();
    expect(html).not.toContain("<script>x");
    expect(html).toContain("&lt;script&gt;x&lt;/script&gt;网格");
  });

  it("answers a blank query with the box and no results, and bad queries with a 400 page", async () => {
    const blank = await request("/search");
    expect(blank.status).toBe(200);
    expect(await resultHrefs(blank)).toEqual([]);
    for (const [query, message] of [
      ["x".repeat(101), "太长"],
      ["%%% ***", "没有可以搜索"],
      [Array.from({ length: 17 }, (_, i) => `w${i}`).join(" "), "太多"],
    ] as const) {
      const res = await search(query);
      expect(res.status, query).toBe(400);
      expect(res.headers.get("content-type")).toMatch(/^text\/html/);
      expect(res.headers.get("x-robots-tag")).toBe("noindex");
      expect(await res.text()).toContain(message);
    }
    const badCursor = await search("网格", "&cursor=not-a-cursor");
    expect(badCursor.status).toBe(400);
  });

  it("pages by keyset without repeats or gaps", async () => {
    const created: string[] = [];
    for (let i = 0; i < 23; i++) {
      const slug = `paging-${i}`;
      await createArticle(secret, {
        slug,
        title: `园林养护第${i}期`,
        status: "published",
        publishedAt: new Date(Date.parse(PAST) + i * 60_000).toISOString(),
      });
      created.push(`/articles/${slug}`);
    }
    const first = await (await search("园林")).text();
    const page1 = findAll(parseHtml(first).document, "h2").map((h) => attr(findOne(h, "a"), "href"));
    expect(page1).toHaveLength(20);
    const more = attr(findOne(parseHtml(first).document, "a", { rel: "next" }), "href") ?? "";
    expect(more).toMatch(/^\/search\?q=.+&cursor=/);
    const secondRes = await request(more);
    const second = parseHtml(await secondRes.text()).document;
    const page2 = findAll(second, "h2").map((h) => attr(findOne(h, "a"), "href"));
    expect([...page1, ...page2].sort()).toEqual([...created].sort());
    expect(findAll(second, "a", { rel: "next" })).toEqual([]);
  });

  it("answers 304 to its ETag until a new match is published", async () => {
    const res = await search("雨水花园");
    const etag = res.headers.get("etag") ?? "";
    expect(etag).toMatch(/^"/);
    const again = await search("雨水花园", "");
    expect(again.headers.get("etag")).toBe(etag);
    const notModified = await request(`/search?q=${encodeURIComponent("雨水花园")}`, {
      headers: { "if-none-match": etag },
    });
    expect(notModified.status).toBe(304);
    await createArticle(secret, { title: "雨水花园开放", status: "published", publishedAt: PAST });
    const changed = await request(`/search?q=${encodeURIComponent("雨水花园")}`, {
      headers: { "if-none-match": etag },
    });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(etag);
  });

  it("speaks English on an English site", async () => {
    const site = { ...siteFromEnv(env), language: "en" };
    const props = { site, results: [], feeds: [], canonical: "", firstHref: null, moreHref: null };
    const empty = String(await renderSearchPage({ ...props, q: "grid", message: null }));
    expect(empty).toContain("<h1>Search: grid</h1>");
    expect(empty).toContain("No articles found.");
    expect(empty).toContain('<label class="visually-hidden" for="site-search-q">Search</label>');
    const blank = String(await renderSearchPage({ ...props, q: "", message: null }));
    expect(blank).toContain("Type the words to search for.");
  });
});
