import { describe, expect, it } from "vitest";
import { feedDocumentPath, feedTargetPath, parseFeedPath } from "./feed-path";

const site = { kind: "site", key: "" } as const;

describe("parseFeedPath", () => {
  it("names the site feed in each format", () => {
    expect(parseFeedPath("/feed.xml")).toEqual({ scope: site, format: "rss", period: null });
    expect(parseFeedPath("/atom.xml")).toEqual({ scope: site, format: "atom", period: null });
    expect(parseFeedPath("/feed.json")).toEqual({ scope: site, format: "json", period: null });
  });

  it("decodes section levels, tag and author names, and archive months", () => {
    expect(parseFeedPath("/section/%E6%B7%B1%E5%BA%A6/a/atom.xml")).toEqual({
      scope: { kind: "section", key: "深度/a" },
      format: "atom",
      period: null,
    });
    expect(parseFeedPath("/tag/a%2Fb/feed.json")?.scope).toEqual({ kind: "tag", key: "a/b" });
    expect(parseFeedPath("/author/~../feed.xml")?.scope).toEqual({ kind: "author", key: ".." });
    expect(parseFeedPath("/archive/2020-12/tag/x/feed.xml")).toEqual({
      scope: { kind: "tag", key: "x" },
      format: "rss",
      period: "2020-12",
    });
  });

  it("is null for any other path, so the request falls through", () => {
    for (const path of [
      "/",
      "/feed.xml/",
      "//feed.xml",
      "/rss.xml",
      "/archive/2020-13/feed.xml",
      "/archive/feed.xml",
      "/tag/feed.xml",
      "/tag/a/b/feed.xml",
      "/author/%E0%A4/feed.xml",
      "/section/a%2Fb/feed.xml",
      "/topic/x/feed.xml",
    ]) {
      expect(parseFeedPath(path), path).toBeNull();
    }
  });
});

describe("feedTargetPath and feedDocumentPath", () => {
  const tag = { scope: { kind: "tag", key: "a b" }, format: "atom", period: null } as const;

  it("spell the canonical path, whatever the request spelled", () => {
    expect(feedTargetPath(tag)).toBe("/tag/a%20b/atom.xml");
    expect(feedTargetPath({ ...tag, period: "2020-12" })).toBe("/archive/2020-12/tag/a%20b/atom.xml");
  });

  it("adds the cursor, then a non-default limit, as the self link does", () => {
    expect(feedDocumentPath(tag, { cursor: null, pageLimit: null })).toBe("/tag/a%20b/atom.xml");
    const path = feedDocumentPath(tag, { cursor: { before: { at: 1, id: 2 } }, pageLimit: 5 });
    expect(path).toMatch(/^\/tag\/a%20b\/atom\.xml\?cursor=[^&]+&limit=5$/);
    const newer = feedDocumentPath(tag, { cursor: { after: { at: 1, id: 2 } }, pageLimit: null });
    expect(newer).toBe(`/tag/a%20b/atom.xml?cursor=${btoa("n1.1.2")}`);
  });
});

describe("feedDocumentPath's query", () => {
  const rss = { scope: site, format: "rss", period: null } as const;

  it("is the one URLSearchParams builds, for every selection", () => {
    const position = { at: 1_700_000_000_000, id: 991 };
    for (const cursor of [null, { before: position }, { after: position }]) {
      for (const pageLimit of [null, 1, 100]) {
        for (const content of [null, undefined, "full", "excerpt"] as const) {
          const query = new URLSearchParams();
          const prefix = cursor && "after" in cursor ? "n1" : "v1";
          if (cursor)
            query.set("cursor", btoa(`${prefix}.${position.at}.${position.id}`).replaceAll("=", ""));
          if (pageLimit !== null) query.set("limit", String(pageLimit));
          if (content) query.set("content", content);
          const expected = query.size > 0 ? `/feed.xml?${query}` : "/feed.xml";
          expect(feedDocumentPath(rss, { cursor, pageLimit, content })).toBe(expected);
        }
      }
    }
  });

  it("spells the site's feeds as the path parser reads them", () => {
    for (const format of ["rss", "atom", "json"] as const) {
      const target = { scope: site, format, period: null };
      expect(parseFeedPath(feedTargetPath(target))).toEqual(target);
    }
  });
});
