import { beforeEach, describe, expect, it } from "vitest";
import { chineseArticle, englishArticle } from "../../fixtures/articles";
import { resetDatabase } from "../support/database";
import { appRequest } from "../support/fault-env";
import { createArticle, mintToken, request } from "../support/helpers";

beforeEach(async () => {
  await resetDatabase();
  const { secret } = await mintToken();
  await createArticle(secret, chineseArticle({ slug: "older", publishedAt: "2020-12-01T08:00:00+08:00" }));
  await createArticle(secret, englishArticle({ slug: "newer", publishedAt: "2020-12-02T08:00:00+08:00" }));
});

// Markup of the body's headings: summaries are plain text, so only a body can carry it.
const HEADING = "<h2>";

describe("excerpt feeds (?content=excerpt)", () => {
  it("leave the body out of every format and keep the summary", async () => {
    const rss = await (await request("/feed.xml?content=excerpt")).text();
    expect(rss).not.toContain("<content:encoded>");
    expect(rss).toContain("<description>");
    expect(rss).not.toContain(HEADING);
    const atom = await (await request("/atom.xml?content=excerpt")).text();
    expect(atom).not.toContain("<content ");
    expect(atom).toContain("<summary");
    expect(atom).not.toContain("&lt;h2&gt;");
    const json = (await (await request("/feed.json?content=excerpt")).json()) as {
      items: Record<string, unknown>[];
    };
    for (const item of json.items) {
      expect(item).not.toHaveProperty("content_html");
      expect(item.content_text).toBe(item.summary);
    }
    const full = await (await request("/feed.xml")).text();
    expect(full).toContain("<content:encoded>");
    expect(full).toContain(HEADING);
  });

  it("is its own document: its own ETag, self link and next links", async () => {
    const full = await request("/feed.xml?limit=1");
    const excerpt = await request("/feed.xml?limit=1&content=excerpt");
    const excerptEtag = excerpt.headers.get("etag") ?? "";
    expect(excerptEtag).not.toBe(full.headers.get("etag"));
    const text = await excerpt.text();
    expect(text).toContain('href="https://news.example.com/feed.xml?limit=1&amp;content=excerpt" rel="self"');
    const next = /<atom:link href="([^"]*)" rel="next"/.exec(text)?.[1]?.replaceAll("&amp;", "&") ?? "";
    expect(next).toContain("content=excerpt");
    expect(await (await request(next)).text()).not.toContain("<content:encoded>");
    // A full document's validator never revalidates the excerpt, nor the other way round.
    const cross = await request("/feed.xml?limit=1", { headers: { "if-none-match": excerptEtag } });
    expect(cross.status).toBe(200);
    const same = await request("/feed.xml?limit=1&content=excerpt", {
      headers: { "if-none-match": excerptEtag },
    });
    expect(same.status).toBe(304);
    // Asking for the site's default is the default document.
    expect((await request("/feed.xml?limit=1&content=full")).headers.get("etag")).toBe(
      full.headers.get("etag"),
    );
  });

  it("follows the site's FEED_CONTENT, which a reader may override, under its own validators", async () => {
    const site = await appRequest("/feed.xml", {}, { FEED_CONTENT: "excerpt" });
    const siteText = await site.text();
    expect(siteText).not.toContain("<content:encoded>");
    expect(site.headers.get("etag")).not.toBe(
      (await request("/feed.xml?content=excerpt")).headers.get("etag"),
    );
    const full = await (await appRequest("/feed.xml?content=full", {}, { FEED_CONTENT: "excerpt" })).text();
    expect(full).toContain("<content:encoded>");
    expect(full).toContain("feed.xml?content=full");
    const archive = await (
      await appRequest("/archive/2020-12/feed.xml", {}, { FEED_CONTENT: "excerpt" })
    ).text();
    expect(archive).not.toContain("<content:encoded>");
  });

  it("refuses an unknown content option with a problem pointing at it", async () => {
    const res = await request("/feed.xml?content=teaser");
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const body = (await res.json()) as { errors: { pointer: string }[] };
    expect(body.errors[0]?.pointer).toBe("/content");
    expect((await request("/api/v1/articles?content=teaser")).status).toBe(400);
    expect((await request("/api/v1/articles/older?content=teaser")).status).toBe(400);
  });
});

describe("excerpts in the public API", () => {
  it("list, delta and single article leave the body out; the single article's ETag differs", async () => {
    const list = (await (await request("/api/v1/articles?content=excerpt")).json()) as {
      items: Record<string, unknown>[];
    };
    expect(list.items).toHaveLength(2);
    for (const item of list.items) {
      expect(item).not.toHaveProperty("bodyHtml");
      expect(item).not.toHaveProperty("bodyText");
      expect(item).toHaveProperty("summary");
    }
    const delta = (await (
      await request("/api/v1/articles?content=excerpt&updatedSince=2000-01-01T00:00:00Z")
    ).json()) as { items: Record<string, unknown>[] };
    expect(delta.items).toHaveLength(2);
    expect(delta.items[0]).not.toHaveProperty("bodyHtml");
    const full = await request("/api/v1/articles/older");
    const excerpt = await request("/api/v1/articles/older?content=excerpt");
    expect(await full.json()).toHaveProperty("bodyHtml");
    expect(await excerpt.json()).not.toHaveProperty("bodyHtml");
    expect(excerpt.headers.get("etag")).not.toBe(full.headers.get("etag"));
    const bySite = (await (await appRequest("/api/v1/articles", {}, { FEED_CONTENT: "excerpt" })).json()) as {
      items: Record<string, unknown>[];
    };
    expect(bySite.items[0]).not.toHaveProperty("bodyHtml");
  });
});
