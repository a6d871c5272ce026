import { describe, expect, it } from "vitest";
import { article, DECEMBER_ARCHIVE, FIRST_PAGE, PUBLISHED, SITE } from "../../test/fixtures/article-rows";
import type { ArticleRow } from "../domain/article";
import { SITE_SCOPE } from "../domain/scope";
import type { FeedContent } from "../lib/feed-content";
import { renderAtom } from "./atom";
import { entryCacheBytes, entryCacheSize, renderFeedBytes } from "./feed-bytes";
import { renderJsonFeed } from "./json-feed";
import { buildFeedModel, buildFeedParts, type FeedPaging } from "./model";
import { renderRss } from "./rss";
import { FEED_FORMATS } from "./urls";

const TEXT = { rss: renderRss, atom: renderAtom, json: renderJsonFeed };
const UTF8 = new TextEncoder();
const decoded = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

const doc = (rows: ArticleRow[], paging: FeedPaging = FIRST_PAGE, content: FeedContent = "full") =>
  buildFeedParts(rows, SITE, SITE_SCOPE, paging, PUBLISHED, content);
const model = (rows: ArticleRow[], paging: FeedPaging) =>
  buildFeedModel(rows, SITE, SITE_SCOPE, paging, PUBLISHED, "full");

// Hostile text in every kind of field, and characters of 1 to 4 UTF-8 bytes.
const rows = [
  article({
    id: 1,
    writeId: "w1",
    title: "A & <b>“引号”</b> 😀",
    bodyHtml: '<p>]]> &amp; <a href="/x">相对</a></p>',
  }),
  article({ id: 2, writeId: "w2", title: "plain", summary: "'\"\u0001\uD800", tags: ["a&b", "标签"] }),
  article({ id: 3, writeId: "w3", image: null, authors: [], language: "en" }),
];

describe("renderFeedBytes", () => {
  it("writes exactly the bytes of the encoded text, with the cache off, cold and warm", () => {
    for (const paging of [FIRST_PAGE, DECEMBER_ARCHIVE("2020-11")]) {
      for (const entries of [rows, rows.slice(0, 1), []]) {
        for (const format of FEED_FORMATS) {
          const expected = UTF8.encode(TEXT[format](model(entries, paging)));
          const parts = doc(entries, paging);
          const renderKey = `bytes-${entries.length}-${paging.kind}`;
          expect(renderFeedBytes(format, parts, { budget: 0, renderKey })).toEqual(expected);
          expect(renderFeedBytes(format, parts, { budget: 1 << 20, renderKey })).toEqual(expected);
          expect(renderFeedBytes(format, parts, { budget: 1 << 20, renderKey })).toEqual(expected);
        }
      }
    }
  });

  it("reuses an entry only for the same article write, content mode and render key", () => {
    const cache = { budget: 1 << 20, renderKey: "reuse" };
    const first = article({ id: 7, writeId: "before", title: "旧标题" });
    expect(decoded(renderFeedBytes("rss", doc([first]), cache))).toContain("旧标题");
    // Same write id: the cache answers (a write always brings a new write id, so this cannot happen).
    const sameWrite = { ...first, title: "新标题" };
    expect(decoded(renderFeedBytes("rss", doc([sameWrite]), cache))).toContain("旧标题");
    const newWrite = { ...sameWrite, writeId: "after" };
    expect(decoded(renderFeedBytes("rss", doc([newWrite]), cache))).toContain("新标题");
    expect(decoded(renderFeedBytes("rss", doc([sameWrite]), { ...cache, renderKey: "other" }))).toContain(
      "新标题",
    );
    const excerpt = decoded(renderFeedBytes("rss", doc([sameWrite], FIRST_PAGE, "excerpt"), cache));
    expect(excerpt).toContain("新标题");
    expect(excerpt).not.toContain("content:encoded");
    expect(decoded(renderFeedBytes("atom", doc([sameWrite]), cache))).toContain("新标题");
  });

  it("builds an entry only when no encoding of it is kept", () => {
    const cache = { budget: 1 << 20, renderKey: "lazy" };
    const counted = () => {
      const parts = doc([article({ id: 11, writeId: "lazy" })]);
      const [entry] = parts.entries;
      if (!entry || !("build" in entry)) throw new Error("no entry to build");
      const calls = { count: 0 };
      const build = entry.build;
      entry.build = () => {
        calls.count++;
        return build();
      };
      return { parts, calls };
    };
    const cold = counted();
    renderFeedBytes("json", cold.parts, cache);
    expect(cold.calls.count).toBe(1);
    const warm = counted();
    renderFeedBytes("json", warm.parts, cache);
    expect(warm.calls.count).toBe(0);
  });

  it("holds entries within its budget, and none at 0", () => {
    const parts = doc([article({ id: 9, writeId: "off" })]);
    renderFeedBytes("atom", parts, { budget: 1 << 20, renderKey: "on" });
    expect(entryCacheSize()).toBeGreaterThan(0);
    renderFeedBytes("atom", parts, { budget: 0, renderKey: "off" });
    expect(entryCacheSize()).toBe(0);
  });
});

describe("entryCacheBytes", () => {
  it("reads FEED_ENTRY_CACHE_BYTES, with a default for absent or malformed values", () => {
    expect(entryCacheBytes({ FEED_ENTRY_CACHE_BYTES: "0" })).toBe(0);
    expect(entryCacheBytes({ FEED_ENTRY_CACHE_BYTES: "1024" })).toBe(1024);
    expect(entryCacheBytes({})).toBe(4 * 1024 * 1024);
    expect(entryCacheBytes({ FEED_ENTRY_CACHE_BYTES: "-1" })).toBe(4 * 1024 * 1024);
    expect(entryCacheBytes({ FEED_ENTRY_CACHE_BYTES: "lots" })).toBe(4 * 1024 * 1024);
  });
});
