// Listing pages keep their card heads per isolate (src/db/listing-heads.ts): rows read per uncached
// listing (D1's own meta.rows_read, the bench's x-d1-rows-read), an edit reaching the next listing,
// nothing hidden coming back out of the cache, and the cache's byte budget. The edge cache is stubbed
// to miss and the document LRU is off, so every request renders.
import { env } from "cloudflare:workers";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { listingHeadCacheSize } from "../../src/db/listing-heads";
import { ROWS_READ_HEADER } from "../../src/db/rows-read";
import { chineseArticle } from "../fixtures/articles";
import { insertBulkArticles } from "./support/bulk-articles";
import { appRequest, wrapDb } from "./support/fault-env";
import { createArticle, hidingChanges, mintToken, patchArticle, versionEtag } from "./support/helpers";

const ITEMS = 20;
const SECTION = ["卡片", "计数"];
const SECTION_PATH = `/section/${SECTION.map(encodeURIComponent).join("/")}`;
const TAG = "card-heads-计数";
const TAG_PATH = `/tag/${encodeURIComponent(TAG)}`;
const UNCACHED = { BENCH_REPORT_D1_ROWS: "1", FEED_DOCUMENT_CACHE_BYTES: "0" };

let secret = "";

beforeAll(async () => {
  secret = (await mintToken()).secret;
  for (let i = 0; i < ITEMS + 2; i++) {
    const day = String(i + 1).padStart(2, "0");
    await createArticle(
      secret,
      chineseArticle({ slug: `card-${i}`, section: SECTION, publishedAt: `2020-03-${day}T08:00:00+08:00` }),
    );
  }
  await insertBulkArticles({
    prefix: "cardheads",
    firstGuid: 950_000,
    tag: TAG,
    count: 3 * ITEMS,
    firstAt: Date.UTC(2020, 5, 1),
    stepMs: 3_600_000,
  });
});

beforeEach(() => {
  vi.spyOn(caches.default, "match").mockResolvedValue(undefined);
  vi.spyOn(caches.default, "put").mockResolvedValue(undefined);
});
afterEach(() => vi.restoreAllMocks());

async function listing(path: string, vars: Partial<Env> = {}) {
  const res = await appRequest(path, {}, { ...UNCACHED, ...vars });
  expect(res.status, path).toBe(200);
  expect(res.headers.get("x-edge-cache")).toBe("miss");
  return { html: await res.text(), rows: Number(res.headers.get(ROWS_READ_HEADER)) };
}

const olderHref = (html: string) =>
  html.match(/<a href="([^"]+)" rel="next">/)?.[1]?.replaceAll("&amp;", "&");

describe("listing card heads", () => {
  it("a first render reads the index and each article once; with the heads held, the keys alone", async () => {
    for (const path of [SECTION_PATH, TAG_PATH]) {
      // A page this isolate has not served: its 21 index rows and their 21 articles in one statement
      // (D1 counts the join's article lookups as rows), plus the scope's validator.
      const first = await listing(path);
      expect(first.rows, path).toBeGreaterThan(2 * ITEMS);
      expect(first.rows, path).toBeLessThanOrEqual(2 * (ITEMS + 1) + 3);
      const held = await listing(path);
      expect(held.html, path).toBe(first.html);
      expect(held.rows, path).toBeGreaterThanOrEqual(ITEMS);
      expect(held.rows, path).toBeLessThanOrEqual(ITEMS + 3);
    }
  });

  it("a later page with its heads held reads its keys alone: no probe unless a 304 could come first", async () => {
    const next = olderHref((await listing(TAG_PATH)).html) ?? "";
    expect(next).toContain("?cursor=");
    await listing(next);
    const held = await listing(next);
    // 21 keys and the one the cursor's row-value seek lands on.
    expect(held.rows).toBeLessThanOrEqual(ITEMS + 3);
  });

  it("with the cache off, every render reads whole rows", async () => {
    const vars = { LISTING_HEAD_CACHE_BYTES: "0" };
    await listing(TAG_PATH, vars);
    expect((await listing(TAG_PATH, vars)).rows).toBeGreaterThan(2 * ITEMS);
  });

  it("an edited article's card changes on the next listing, read by id alone", async () => {
    const created = await createArticle(
      secret,
      chineseArticle({ slug: "card-edited", title: "卡片 原标题", section: SECTION }),
    );
    for (let i = 0; i < 2; i++) expect((await listing(SECTION_PATH)).html).toContain("卡片 原标题");
    const res = await patchArticle(secret, created.id, versionEtag(created), { title: "卡片 新标题" });
    expect(res.status).toBe(200);
    const after = await listing(SECTION_PATH);
    expect(after.html).toContain("卡片 新标题");
    expect(after.html).not.toContain("卡片 原标题");
    // The keys, one article by id, and the validator the write cleared.
    expect(after.rows).toBeLessThanOrEqual(ITEMS + 1 + 1 + 3);
  });

  it("never shows an article drafted, rescheduled or deleted after its head was kept", async () => {
    const changes = hidingChanges(secret);
    for (const [slug, hide] of changes) {
      const article = await createArticle(
        secret,
        chineseArticle({ slug: `card-${slug}`, title: `卡片 ${slug}`, section: SECTION }),
      );
      for (let i = 0; i < 2; i++) expect((await listing(SECTION_PATH)).html).toContain(`卡片 ${slug}`);
      expect(listingHeadCacheSize()).toBeGreaterThan(0);
      expect((await hide(article)).status, slug).toBeLessThan(300);
      const after = await listing(SECTION_PATH);
      expect(after.html, slug).not.toContain(`卡片 ${slug}`);
      expect(after.html, slug).not.toContain(`/articles/card-${slug}"`);
    }
  });

  it("leaves out an article hidden between its key and its read by id", async () => {
    const article = await createArticle(
      secret,
      chineseArticle({ slug: "card-raced", title: "卡片 竞态", section: SECTION }),
    );
    await listing(SECTION_PATH);
    const res = await patchArticle(secret, article.id, versionEtag(article), { title: "卡片 竞态 改" });
    expect(res.status).toBe(200);
    // The page reads its keys (the article among them, under its new write id), then the article by
    // id: just before that read, the article is deleted behind the listing index's back.
    const DB = wrapDb({
      prepare: (query: string) => {
        if (/\(values \(/.test(query)) {
          return hiddenFirst(env.DB.prepare(query), article.id);
        }
        return env.DB.prepare(query);
      },
    });
    const after = await listing(SECTION_PATH, { DB });
    expect(after.html).not.toContain("卡片 竞态");
    expect(after.html).toContain('/articles/card-21"');
  });

  it("stays within its byte budget", async () => {
    const budget = 4096;
    const vars = { LISTING_HEAD_CACHE_BYTES: String(budget) };
    let path: string | undefined = TAG_PATH;
    for (let pages = 0; path && pages < 3; pages++) {
      for (let i = 0; i < 2; i++) await listing(path, vars);
      expect(listingHeadCacheSize()).toBeGreaterThan(0);
      expect(listingHeadCacheSize()).toBeLessThanOrEqual(budget);
      path = olderHref((await listing(path, vars)).html);
    }
    await listing(SECTION_PATH, vars);
    expect(listingHeadCacheSize()).toBeLessThanOrEqual(budget);
  });
});

/** The statement, run only after the article is marked deleted (its scope rows still listed). */
function hiddenFirst(statement: D1PreparedStatement, id: number): D1PreparedStatement {
  const hide = () => env.DB.prepare("update articles set deleted_at = 1 where id = ?1").bind(id).run();
  const wrap = (inner: D1PreparedStatement): D1PreparedStatement =>
    new Proxy(inner, {
      get(target, prop) {
        if (prop === "bind") return (...values: unknown[]) => wrap(target.bind(...values));
        if (prop === "raw" || prop === "all" || prop === "first" || prop === "run") {
          return async (...args: unknown[]) => {
            await hide();
            return (Reflect.get(target, prop) as (...a: unknown[]) => unknown).apply(target, args);
          };
        }
        const value = Reflect.get(target, prop, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  return wrap(statement);
}
