import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import {
  DocumentLru,
  invalidateFeedValidators,
  memoizedValidator,
  validatorTtl,
} from "../../src/db/isolate-cache";
import { stripXmlInvalid } from "../../src/lib/text";
import { chineseArticle } from "../fixtures/articles";
import { createArticle, mintToken, patchArticle, request } from "./support/helpers";

describe("DocumentLru", () => {
  it("never holds more than its byte budget and evicts the least recently used first", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.string({ maxLength: 400 })), {
          maxLength: 200,
        }),
        (writes) => {
          const lru = new DocumentLru(2000);
          for (const [k, v] of writes) {
            lru.set(`k${k}`, v);
            expect(lru.size).toBeLessThanOrEqual(2000);
          }
        },
      ),
    );
    // Five entries of 266 bytes each (64 overhead + key + value) against a 1200-byte budget.
    const lru = new DocumentLru(1200);
    lru.set("a", "x".repeat(100));
    lru.set("b", "x".repeat(100));
    lru.get("a");
    for (let i = 0; i < 3; i++) lru.set(`c${i}`, "x".repeat(100));
    expect(lru.get("a")).not.toBeNull();
    expect(lru.get("b")).toBeNull();
    lru.setBudget(0);
    expect(lru.size).toBe(0);
    lru.set("d", "x");
    expect(lru.get("d")).toBeNull();
  });
});

describe("memoizedValidator", () => {
  it("reuses a value within the TTL, reloads after it, and forgets everything on a write", async () => {
    let calls = 0;
    const load = async () => ++calls;
    expect(await memoizedValidator("s", 1000, 500, load)).toBe(1);
    expect(await memoizedValidator("s", 1499, 500, load)).toBe(1);
    expect(await memoizedValidator("s", 1500, 500, load)).toBe(2);
    invalidateFeedValidators();
    expect(await memoizedValidator("s", 1501, 500, load)).toBe(3);
    expect(await memoizedValidator("s", 1502, 0, load)).toBe(4);
  });

  it("does not store an answer read before a write that happened meanwhile", async () => {
    let release = () => {};
    const slow = memoizedValidator("t", 0, 1000, () => new Promise((r) => (release = () => r(1))));
    invalidateFeedValidators();
    release();
    expect(await slow).toBe(1);
    expect(await memoizedValidator("t", 1, 1000, async () => 2)).toBe(2);
  });

  it("caps the TTL at one second; 0 turns it off", () => {
    expect(validatorTtl({})).toBe(1000);
    expect(validatorTtl({ FEED_VALIDATOR_TTL_MS: "60000" })).toBe(1000);
    expect(validatorTtl({ FEED_VALIDATOR_TTL_MS: "0" })).toBe(0);
    expect(validatorTtl({ FEED_VALIDATOR_TTL_MS: "x" })).toBe(1000);
  });
});

describe("stripXmlInvalid fast path", () => {
  const reference = (s: string) =>
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the set being tested.
    s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\p{Cs}]/gu, "");
  it("removes exactly what the unicode-aware pattern removes", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 40 }), (s) => {
        expect(stripXmlInvalid(s)).toBe(reference(s));
      }),
      { numRuns: 2000 },
    );
    for (const s of ["🎉", "\uD83C", "\uDF89a", "a\uD83C\uD83C\uDF89", "\uFFFF", "中文\u0001"]) {
      expect(stripXmlInvalid(s)).toBe(reference(s));
    }
  });
});

describe("feeds with the isolate memo on (default TTL)", () => {
  let token: string;
  beforeAll(async () => {
    token = (await mintToken()).secret;
  });

  it("an edit in this isolate changes ETag and body of the next request at once", async () => {
    const created = await createArticle(token, chineseArticle({ slug: "memo-edit", tags: ["备忘"] }));
    const first = await request("/tag/备忘/feed.xml");
    const again = await request("/tag/备忘/feed.xml");
    expect(again.headers.get("etag")).toBe(first.headers.get("etag"));
    const patched = await patchArticle(token, created.id, `"a${created.id}-v1"`, {
      title: "改过的标题",
      body: "<p>改过的正文</p>",
      bodyFormat: "html",
    });
    expect(patched.status).toBe(200);
    const after = await request("/tag/备忘/feed.xml");
    expect(after.headers.get("etag")).not.toBe(first.headers.get("etag"));
    const xml = await after.text();
    expect(xml).toContain("改过的标题");
    expect(xml).toContain("改过的正文");
  });
});
