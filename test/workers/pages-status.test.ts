import { beforeEach, describe, expect, it } from "vitest";
import { chineseArticle, draftArticle, englishArticle } from "../fixtures/articles";
import { resetDatabase } from "./support/database";
import { createArticle, jsonRequest, mintToken, patchArticle, request } from "./support/helpers";
import { findOne, parseHtml, text } from "./support/html";

beforeEach(resetDatabase);

const etagOf = (a: { id: number; version: number }) => `"a${a.id}-v${a.version}"`;

async function htmlPage(res: Response) {
  expect(res.headers.get("content-type")).toMatch(/^text\/html/);
  const { document, errors } = parseHtml(await res.text());
  expect(errors).toEqual([]);
  return document;
}

describe("article page status codes", () => {
  it("answers 404 with an HTML page for an unknown slug", async () => {
    const res = await request("/articles/no-such-article");
    expect(res.status).toBe(404);
    const doc = await htmlPage(res);
    expect(text(findOne(doc, "h1"))).toBe("页面不存在");
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
  });

  it("hides drafts and future scheduled articles behind the same 404", async () => {
    const { secret } = await mintToken();
    await createArticle(secret, draftArticle({ slug: "a-draft" }));
    await createArticle(
      secret,
      chineseArticle({ slug: "future", status: "scheduled", publishedAt: "2999-01-01T00:00:00+08:00" }),
    );
    for (const slug of ["a-draft", "future"]) {
      const res = await request(`/articles/${slug}`);
      expect(res.status).toBe(404);
      expect(text(findOne(await htmlPage(res), "h1"))).toBe("页面不存在");
    }
  });

  it("answers 410 Gone for a deleted article, also under its old slug; 404 for a deleted draft", async () => {
    const { secret } = await mintToken();
    const a = await createArticle(secret, chineseArticle({ slug: "first-name" }));
    const renamed = await patchArticle(secret, a.id, etagOf(a), { slug: "second-name" });
    expect(renamed.status).toBe(200);
    const draft = await createArticle(secret, draftArticle({ slug: "draft-gone" }));
    for (const id of [a.id, draft.id]) {
      expect((await jsonRequest("DELETE", `/api/v1/articles/${id}`, secret, undefined)).status).toBe(204);
    }
    for (const slug of ["second-name", "first-name"]) {
      const res = await request(`/articles/${slug}`);
      expect(res.status).toBe(410);
      expect(text(findOne(await htmlPage(res), "h1"))).toBe("文章已删除");
    }
    expect((await request("/articles/draft-gone")).status).toBe(404);
  });

  it("serves Unicode slugs given percent-encoded", async () => {
    const { secret } = await mintToken();
    await createArticle(secret, chineseArticle({ slug: "湖城-网格" }));
    const res = await request(`/articles/${encodeURIComponent("湖城-网格")}`);
    expect(res.status).toBe(200);
    expect(text(findOne(await htmlPage(res), "h1"))).toBe("以“小网格”撬动基层“大治理”");
  });

  it("redirects an old slug to the current one with 301", async () => {
    const { secret } = await mintToken();
    const a = await createArticle(secret, englishArticle({ slug: "old-slug" }));
    await patchArticle(secret, a.id, etagOf(a), { slug: "new-slug" });
    const res = await request("/articles/old-slug", { redirect: "manual" });
    expect(res.status).toBe(301);
    expect(new URL(res.headers.get("location") ?? "", "https://news.example.com").pathname).toBe(
      "/articles/new-slug",
    );
    expect((await request("/articles/new-slug")).status).toBe(200);
  });
});

describe("conditional GET on pages", () => {
  it("answers 304 to a matching If-None-Match or a current If-Modified-Since, 200 after an edit", async () => {
    const { secret } = await mintToken();
    const a = await createArticle(secret, chineseArticle({ slug: "cached" }));
    const first = await request("/articles/cached");
    expect(first.status).toBe(200);
    expect(first.headers.get("cache-control")).toBe("public, max-age=60, stale-while-revalidate=300");
    const etag = first.headers.get("etag") ?? "";
    const lastModified = first.headers.get("last-modified") ?? "";
    expect(etag).toMatch(/^"[^"]+"$/);
    expect(Date.parse(lastModified)).toBeGreaterThan(0);

    const byEtag = await request("/articles/cached", { headers: { "if-none-match": `W/${etag}, "other"` } });
    expect(byEtag.status).toBe(304);
    expect(byEtag.headers.get("etag")).toBe(etag);
    expect(await byEtag.text()).toBe("");
    const byDate = await request("/articles/cached", { headers: { "if-modified-since": lastModified } });
    expect(byDate.status).toBe(304);
    // If-None-Match takes precedence: a stale tag means 200 whatever the date says.
    const staleTag = await request("/articles/cached", {
      headers: { "if-none-match": '"stale"', "if-modified-since": lastModified },
    });
    expect(staleTag.status).toBe(200);

    await patchArticle(secret, a.id, etagOf(a), { title: "新的标题" });
    const after = await request("/articles/cached", { headers: { "if-none-match": etag } });
    expect(after.status).toBe(200);
    expect(after.headers.get("etag")).not.toBe(etag);
  });

  it("revalidates listing pages against the scope's last public change", async () => {
    const { secret } = await mintToken();
    await createArticle(secret, chineseArticle({ slug: "one" }));
    const first = await request("/");
    const etag = first.headers.get("etag") ?? "";
    expect((await request("/", { headers: { "if-none-match": etag } })).status).toBe(304);
    // Other scopes do not share the validator's key.
    const section = await request(`/section/${encodeURIComponent("深度报道")}`);
    expect(section.headers.get("etag")).not.toBe(etag);
    await createArticle(secret, englishArticle({ slug: "two" }));
    expect((await request("/", { headers: { "if-none-match": etag } })).status).toBe(200);
  });
});

describe("not-found negotiation", () => {
  it("gives browsers an HTML 404 and JSON clients, the API and feed paths problem+json", async () => {
    const html = await request("/no/such/page", { headers: { accept: "text/html,*/*;q=0.8" } });
    expect(html.status).toBe(404);
    expect(html.headers.get("vary")).toBe("Accept");
    expect(text(findOne(await htmlPage(html), "h1"))).toBe("页面不存在");
    expect((await request("/no/such/page")).headers.get("content-type")).toMatch(/^text\/html/);

    const cases: [string, string][] = [
      ["/no/such/page", "application/json"],
      ["/api/v1/nothing-here", "text/html"],
      ["/api/v1/articles/no-such-article", "text/html"],
      ["/section/none/feed.xml", "text/html"],
      ["/sitemaps/articles-1.xml", "text/html"],
    ];
    for (const [path, accept] of cases) {
      const res = await request(path, { headers: { accept } });
      expect(res.status, path).toBe(404);
      expect(res.headers.get("content-type"), path).toMatch(/^application\/problem\+json/);
      expect(res.headers.get("content-security-policy"), path).toBeNull();
    }
  });

  it("answers a forged cursor with an HTML 400", async () => {
    const res = await request("/?cursor=not-a-cursor");
    expect(res.status).toBe(400);
    expect(text(findOne(await htmlPage(res), "h1"))).toBe("请求无效");
  });
});
