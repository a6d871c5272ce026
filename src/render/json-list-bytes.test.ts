import { describe, expect, it } from "vitest";
import { encodedItem, itemCacheSize, jsonListBytes, type ListItem } from "./json-list-bytes";

// The API list written from pieces must be byte for byte what JSON.stringify writes of the whole page.

const UTF8 = new TextEncoder();
const HOSTILE = [
  'quote " backslash \\ slash / </script><!-- -->',
  "line separators \u2028 \u2029, controls \u0000 \u0001 \u001f \u007f, tab \t newline \n",
  "lone surrogates \ud800 and \udfff, a pair 😀, CJK 以“小网格”撬动, combining é",
  "",
];

const values = (n: number, seed: string) =>
  Array.from({ length: n }, (_, i) => ({
    id: i + 1,
    title: HOSTILE[i % HOSTILE.length],
    tags: [seed, HOSTILE[(i + 1) % HOSTILE.length]],
    nothing: null,
    dropped: undefined,
    nested: { deep: [HOSTILE[(i + 2) % HOSTILE.length], i / 3] },
  }));

const fresh = (value: unknown, revision: string): ListItem => ({ revision, value: () => value });

describe("jsonListBytes", () => {
  it("writes JSON.stringify's bytes for hostile strings, empty lists and either tail", () => {
    const cache = { budget: 0, renderKey: "k" };
    const tails = [
      { nextCursor: "djEuMTIzLjQ", next: 'https://news.example.com/api/v1/articles?cursor=x&tag=%E7%A4%BE"' },
      { nextCursor: null, next: null },
      {},
    ];
    for (const rest of tails) {
      for (const n of [0, 1, 4, 9]) {
        const items = values(n, "t");
        const bytes = jsonListBytes(
          items.map((v, i) => fresh(v, `${i}`)),
          rest,
          cache,
        );
        expect(bytes).toEqual(UTF8.encode(JSON.stringify({ items, ...rest })));
      }
    }
  });

  it("keeps each item encoded by render key and revision, and joins kept and new items alike", () => {
    const cache = { budget: 1024 * 1024, renderKey: `render-${Math.random()}` };
    const items = values(5, "kept");
    const rest = { nextCursor: null, next: null };
    const first = jsonListBytes(
      items.map((v, i) => fresh(v, `${i}:w1:full`)),
      rest,
      cache,
    );
    expect(itemCacheSize()).toBeGreaterThan(0);
    const kept = items.map((_, i) => encodedItem(cache, `${i}:w1:full`));
    expect(kept.every((bytes) => bytes !== undefined)).toBe(true);
    // Another render key or revision is another item.
    expect(encodedItem({ ...cache, renderKey: "other" }, "0:w1:full")).toBeUndefined();
    expect(encodedItem(cache, "0:w2:full")).toBeUndefined();
    expect(encodedItem(cache, "0:w1:excerpt")).toBeUndefined();

    const mixed: ListItem[] = items.map((v, i) => {
      const bytes = kept[i];
      return i % 2 === 0 && bytes ? { encoded: bytes } : fresh(v, `${i}:w1:full`);
    });
    const second = jsonListBytes(mixed, rest, cache);
    expect(second).toEqual(first);
    expect(second).toEqual(UTF8.encode(JSON.stringify({ items, ...rest })));
  });

  it("keeps nothing with a budget of 0", () => {
    const cache = { budget: 0, renderKey: `off-${Math.random()}` };
    jsonListBytes([fresh({ a: 1 }, "1:w:full")], {}, cache);
    expect(encodedItem({ ...cache, budget: 1024 }, "1:w:full")).toBeUndefined();
  });
});
