import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { EDGE_REWRITE_INTERVAL_MS } from "../../../src/render/cached-document";
import { chineseArticle } from "../../fixtures/articles";
import { appRequest } from "../support/fault-env";
import { createArticle, mintToken } from "../support/helpers";

// Where the Cache API keeps nothing (workers.dev, a cache turned off: here a match that always
// misses), an isolate stores a document under a key at most once a minute instead of sending the
// same bytes to the cache on every miss. A new validator is a new key, and a failed store is retried.

const UNCACHED = { FEED_DOCUMENT_CACHE_BYTES: "0" };
let tag = "";

beforeAll(async () => {
  const token = (await mintToken()).secret;
  await createArticle(token, chineseArticle({ slug: "edge-rewrite", tags: ["边缘重写"] }));
  tag = encodeURIComponent("边缘重写");
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** caches.default as a no-op cache: every match misses; the keys of the stores attempted. */
function noOpCache(options: { failPuts?: boolean } = {}) {
  vi.spyOn(caches.default, "match").mockResolvedValue(undefined);
  const puts: string[] = [];
  vi.spyOn(caches.default, "put").mockImplementation(async (key) => {
    puts.push(key instanceof Request ? key.url : String(key));
    if (options.failPuts) throw new Error("cache full");
  });
  return puts;
}

const miss = async (path: string) => {
  const res = await appRequest(path, {}, UNCACHED);
  expect(res.status).toBe(200);
  expect(res.headers.get("x-edge-cache")).toBe("miss");
  return res.headers.get("etag");
};

describe("edge cache writes", () => {
  const documents: Array<[string, () => string]> = [
    ["a tag feed", () => `/tag/${tag}/feed.xml`],
    ["an API list", () => `/api/v1/articles?tag=${tag}`],
    ["an article page", () => "/articles/edge-rewrite"],
  ];
  for (const [label, path] of documents) {
    it(`${label}: one store per key a minute, however often it misses`, async () => {
      const puts = noOpCache();
      const etag = await miss(path());
      expect(await miss(path())).toBe(etag);
      expect(await miss(path())).toBe(etag);
      expect(puts).toHaveLength(1);
      const later = Date.now() + EDGE_REWRITE_INTERVAL_MS + 1000;
      vi.spyOn(Date, "now").mockReturnValue(later);
      expect(await miss(path())).toBe(etag);
      expect(puts).toHaveLength(2);
      expect(puts[1]).toBe(puts[0]);
    });
  }

  it("stores the new document when the validator changes", async () => {
    const puts = noOpCache();
    const before = await miss(`/tag/${tag}/atom.xml`);
    const token = (await mintToken()).secret;
    await createArticle(token, chineseArticle({ slug: "edge-rewrite-2", tags: ["边缘重写"] }));
    const after = await miss(`/tag/${tag}/atom.xml`);
    expect(after).not.toBe(before);
    expect(puts).toHaveLength(2);
    expect(puts[1]).not.toBe(puts[0]);
  });

  it("tries again after a store that failed", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const puts = noOpCache({ failPuts: true });
    await miss(`/tag/${tag}/feed.json`);
    await miss(`/tag/${tag}/feed.json`);
    expect(puts).toHaveLength(2);
  });
});
