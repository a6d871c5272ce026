// An uncached feed or public API page reads at most items + 3 rows (D1's own meta.rows_read, the
// bench's x-d1-rows-read): the site and a scope, a first render with or without the encoded-entry
// cache, the same page again with its entries held, `?limit=`, and a feed's cursor pages either way
// (a previous link is named without reading the newer page). The edge cache is stubbed to miss.
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { ROWS_READ_HEADER } from "../../src/db/rows-read";
import { insertBulkArticles } from "./support/bulk-articles";
import { appRequest } from "./support/fault-env";

const ITEMS = 20;
const TAG = "uncached-计数";
const TAG_PATH = `/tag/${encodeURIComponent(TAG)}`;
const UNCACHED = { BENCH_REPORT_D1_ROWS: "1", FEED_DOCUMENT_CACHE_BYTES: "0" };
const COLD = { ...UNCACHED, FEED_ENTRY_CACHE_BYTES: "0" };

beforeAll(async () => {
  await insertBulkArticles({
    prefix: "uncached",
    firstGuid: 900_000,
    tag: TAG,
    count: 3 * ITEMS,
    firstAt: Date.UTC(2022, 0, 1),
    stepMs: 3_600_000,
  });
});

beforeEach(() => {
  vi.spyOn(caches.default, "match").mockResolvedValue(undefined);
  vi.spyOn(caches.default, "put").mockResolvedValue(undefined);
});
afterEach(() => vi.restoreAllMocks());

async function rowsRead(path: string, vars: Record<string, string>) {
  const res = await appRequest(path, {}, vars);
  expect(res.status).toBe(200);
  expect(res.headers.get("x-edge-cache")).toBe("miss");
  await res.arrayBuffer();
  return Number(res.headers.get(ROWS_READ_HEADER));
}

const SITE = ["/feed.xml", "/atom.xml?content=excerpt", "/api/v1/articles"];
const TAGGED = [
  `${TAG_PATH}/atom.xml`,
  `${TAG_PATH}/feed.json`,
  `/api/v1/articles?tag=${encodeURIComponent(TAG)}`,
];

describe("rows read by an uncached page of `limit` items", () => {
  it("held entries: keys from one index alone, limit + 3 on the site and on a scope", async () => {
    for (const path of [...SITE, ...TAGGED]) {
      await rowsRead(path, UNCACHED);
      const held = await rowsRead(path, UNCACHED);
      expect(held, path).toBeGreaterThanOrEqual(ITEMS);
      expect(held, path).toBeLessThanOrEqual(ITEMS + 3);
    }
  });

  it("a first render of the site, cache off or page new to this isolate: one read of whole rows", async () => {
    for (const path of SITE) {
      const cold = await rowsRead(path, COLD);
      expect(cold, path).toBeGreaterThanOrEqual(ITEMS);
      expect(cold, path).toBeLessThanOrEqual(ITEMS + 3);
    }
    for (const path of ["/feed.json?content=excerpt", "/feed.xml?limit=7", "/api/v1/articles?limit=7"]) {
      const items = path.includes("limit=7") ? 7 : ITEMS;
      expect(await rowsRead(path, UNCACHED), path).toBeLessThanOrEqual(items + 3);
      expect(await rowsRead(path, UNCACHED), path).toBeLessThanOrEqual(items + 3);
      expect(await rowsRead(path, COLD), path).toBeLessThanOrEqual(items + 3);
    }
  });

  it("a first render of a scope reads its listing rows and each article once: 2 × limit + 3", async () => {
    for (const path of [...TAGGED, `${TAG_PATH}/feed.xml?limit=7`]) {
      const items = path.includes("limit=7") ? 7 : ITEMS;
      // Cold last: a request with the cache off empties this isolate's entry cache.
      expect(
        await rowsRead(`${path}${path.includes("?") ? "&" : "?"}content=excerpt`, UNCACHED),
        path,
      ).toBeLessThanOrEqual(2 * items + 3);
      expect(await rowsRead(path, COLD), path).toBeLessThanOrEqual(2 * items + 3);
    }
  });
});

/** A JSON Feed page's next and previous links, as paths. */
async function pageLinks(path: string) {
  const res = await appRequest(path, {}, UNCACHED);
  expect(res.status).toBe(200);
  const feed = JSON.parse(await res.text());
  const local = (url: string | undefined) => {
    if (!url) return undefined;
    const { pathname, search } = new URL(url);
    return pathname + search;
  };
  return { next: local(feed.next_url), previous: local(feed._news?.previous_url) };
}

describe("rows read by a feed's cursor pages", () => {
  // One clock for the whole walk: the scope's validator stays memoized (it costs its 2 rows again
  // once the memo is older than FEED_VALIDATOR_TTL_MS), so what is counted is the page itself.
  beforeEach(() => {
    vi.spyOn(Date, "now").mockReturnValue(Date.UTC(2026, 0, 1));
  });

  it("page N and the page newer than it: limit + 3, site and scope, every format", async () => {
    for (const first of ["/feed.json", `${TAG_PATH}/feed.json`]) {
      const second = (await pageLinks(first)).next ?? "";
      const third = (await pageLinks(second)).next ?? "";
      // The page newer than the third: the second page's items, under a newer-than cursor.
      const newer = (await pageLinks(third)).previous ?? "";
      expect(newer).toContain("cursor=");
      const site = first === "/feed.json";
      for (const page of [second, third, newer]) {
        for (const file of ["feed.xml", "atom.xml", "feed.json"]) {
          const path = page.replace("feed.json", file);
          await rowsRead(path, UNCACHED);
          const held = await rowsRead(path, UNCACHED);
          expect(held, path).toBeGreaterThanOrEqual(ITEMS);
          expect(held, path).toBeLessThanOrEqual(ITEMS + 3);
          // A first render: the site's rows in one read, a scope's index and then its articles.
          const cold = await rowsRead(path, COLD);
          expect(cold, path).toBeLessThanOrEqual(site ? ITEMS + 3 : 2 * ITEMS + 3);
        }
      }
    }
  });
});
