import { describe, expect, it } from "vitest";
import { articleCacheTag, cacheTagHeader, SEARCH_CACHE_TAG, scopeCacheTag, slugCacheTag } from "./cache-tags";

const PRINTABLE_ASCII_NO_COMMA = /^[!-+\--~]+$/;

describe("cache tags", () => {
  it("are short printable ASCII without commas, for Unicode names too", () => {
    const tags = [
      scopeCacheTag({ kind: "tag", key: "基层治理" }),
      scopeCacheTag({ kind: "section", key: "国内/社会" }),
      scopeCacheTag({ kind: "author", key: 'Zoë, "the" editor' }),
      scopeCacheTag({ kind: "site", key: "" }),
      slugCacheTag("网格化-管理"),
      articleCacheTag(123456),
      SEARCH_CACHE_TAG,
    ];
    for (const tag of tags) {
      expect(tag).toMatch(PRINTABLE_ASCII_NO_COMMA);
      expect(tag.length).toBeLessThanOrEqual(12);
    }
  });

  it("tell scopes of different kinds with the same key apart", () => {
    const kinds = ["section", "tag", "author"] as const;
    const tags = new Set(kinds.map((kind) => scopeCacheTag({ kind, key: "科技" })));
    expect(tags.size).toBe(3);
    expect(scopeCacheTag({ kind: "tag", key: "科技" })).toBe(scopeCacheTag({ kind: "tag", key: "科技" }));
  });

  it("join into one header without repeats", () => {
    expect(cacheTagHeader(["a-1", "q", "a-1"])).toBe("a-1,q");
  });
});
