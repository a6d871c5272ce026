// /search/feed.xml|atom.xml|feed.json?q=: a subscribable query through the site's feed model, with
// validators that move exactly when the matches would.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { builtModel } from "../../../src/feeds/model";
import { searchFeedDocument } from "../../../src/feeds/search-document";
import { parseSearchQuery, type SearchQuery } from "../../../src/lib/search-text";
import { siteFromEnv } from "../../../src/lib/site";
import { db, resetDatabase } from "../support/database";
import { FILE, FORMATS, fetchFeed, parseBoth } from "../support/feed-helpers";
import { createArticle, jsonRequest, mintToken, patchArticle, request } from "../support/helpers";

const PAST = "2025-06-01T08:00:00+08:00";
const Q = "网格";
const ENCODED = encodeURIComponent(Q);
let secret = "";

const feedUrl = (format: (typeof FORMATS)[number], q = Q) =>
  `/search/${FILE[format]}?q=${encodeURIComponent(q)}`;

// feedsmith reads an Atom text construct as {value}, RSS and JSON titles as strings.
type Title = string | { value?: string };
const titleText = (title: Title | undefined) => (typeof title === "string" ? title : title?.value);

function parsed(q: string): SearchQuery {
  const query = parseSearchQuery(q);
  if (typeof query === "string") throw new Error(query);
  return query;
}

beforeEach(async () => {
  await resetDatabase();
  secret = (await mintToken()).secret;
});

describe("search feeds", () => {
  it("lists only public matches, newest first, titled and self-linked with the query encoded", async () => {
    const older = await createArticle(secret, {
      title: "网格员培训",
      status: "published",
      publishedAt: PAST,
    });
    const newer = await createArticle(secret, {
      title: "網格化服务升级",
      status: "published",
      publishedAt: "2025-07-01T08:00:00+08:00",
    });
    await createArticle(secret, { title: "网格草稿" });
    await createArticle(secret, { title: "植树节", status: "published", publishedAt: PAST });
    for (const format of FORMATS) {
      const { res, text } = await fetchFeed(feedUrl(format));
      expect(res.headers.get("x-robots-tag")).toBe("noindex");
      expect(res.headers.get("cache-control")).toMatch(/^public, max-age=\d+/);
      const self = `https://news.example.com/search/${FILE[format]}?q=${ENCODED}`;
      // No WebSub hub: it is never pinged for search results, so readers must keep polling.
      expect(res.headers.get("link")).toBe(`<${self}>; rel="self"`);
      expect(text).not.toMatch(/rel="hub"|"hubs"/);
      const { smith } = await parseBoth(text, format);
      const feed = smith.feed as { title?: Title };
      expect(titleText(feed.title), format).toBe(`Search: ${Q} — ${siteFromEnv(env).title}`);
      expect(text).toContain(format === "json" ? JSON.stringify(self).slice(1, -1) : self);
      expect(text).not.toContain("网格草稿");
      expect(text).not.toContain("植树节");
      const parsedFeed = smith.feed as { items?: { title?: Title }[]; entries?: { title?: Title }[] };
      const titles = (parsedFeed.items ?? parsedFeed.entries ?? []).map((item) => titleText(item.title));
      expect(titles, format).toEqual([newer.title, older.title]);
    }
  });

  it("answers 400 problem+json with pointer /q to a missing, blank, too long or unsearchable q", async () => {
    for (const suffix of ["", "?q=", "?q=%20%20", `?q=${"x".repeat(101)}`, "?q=%25%25"]) {
      const res = await request(`/search/feed.xml${suffix}`);
      expect(res.status, suffix).toBe(400);
      expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      const body = (await res.json()) as { errors: { pointer: string }[] };
      expect(body.errors.map((e) => e.pointer)).toEqual(["/q"]);
    }
  });

  it("answers 304 to its validators, and changes them when a new match is published", async () => {
    await createArticle(secret, { title: "网格员培训", status: "published", publishedAt: PAST });
    const first = await request(feedUrl("atom"));
    const etag = first.headers.get("etag") ?? "";
    const lastModified = first.headers.get("last-modified") ?? "";
    expect(etag).not.toBe("");
    expect(lastModified).not.toBe("");
    expect((await request(feedUrl("atom"), { headers: { "if-none-match": etag } })).status).toBe(304);
    expect((await request(feedUrl("atom"), { headers: { "if-modified-since": lastModified } })).status).toBe(
      304,
    );
    await createArticle(secret, { title: "网格新闻", status: "published", publishedAt: PAST });
    const after = await request(feedUrl("atom"), { headers: { "if-none-match": etag } });
    expect(after.status).toBe(200);
    expect(await after.text()).toContain("网格新闻");
  });

  it("changes its validator when an edit makes an article stop matching", async () => {
    const article = await createArticle(secret, {
      title: "网格员培训",
      status: "published",
      publishedAt: PAST,
    });
    const before = (await request(feedUrl("rss"))).headers.get("etag") ?? "";
    const current = await request(`/api/v1/articles/${article.id}`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    const patched = await patchArticle(secret, article.id, current.headers.get("etag") ?? "", {
      title: "志愿者培训",
    });
    expect(patched.status).toBe(200);
    const after = await request(feedUrl("rss"), { headers: { "if-none-match": before } });
    expect(after.status).toBe(200);
    expect(await after.text()).not.toContain("网格员培训");
  });

  it("changes its validator when a pull removes a match", async () => {
    const article = await createArticle(secret, {
      title: "网格员培训",
      status: "published",
      publishedAt: PAST,
    });
    const before = (await request(feedUrl("json"))).headers.get("etag") ?? "";
    expect((await jsonRequest("DELETE", `/api/v1/articles/${article.id}`, secret, undefined)).status).toBe(
      204,
    );
    const after = await request(feedUrl("json"), { headers: { "if-none-match": before } });
    expect(after.status).toBe(200);
    expect(await after.text()).not.toContain("网格员培训");
  });

  it("changes its validator when a scheduled match comes due, and not before", async () => {
    const due = Date.parse("2030-01-01T00:00:00Z");
    await createArticle(secret, { title: "网格员培训", status: "published", publishedAt: PAST });
    await createArticle(secret, {
      title: "网格定时稿",
      status: "scheduled",
      publishedAt: new Date(due).toISOString(),
    });
    const site = siteFromEnv(env);
    const at = async (now: number) =>
      (await searchFeedDocument({ db: db(), site, now }, { q: Q, query: parsed(Q), format: "rss" }))
        .validator;
    const early = await at(due - 60_000);
    expect(await at(due - 1)).toBe(early);
    const later = await searchFeedDocument(
      { db: db(), site, now: due },
      { q: Q, query: parsed(Q), format: "rss" },
    );
    expect(later.validator).not.toBe(early);
    const titles = builtModel(await later.load()).entries.map((e) => e.title);
    expect(titles).toEqual(["网格定时稿", "网格员培训"]);
  });
});
