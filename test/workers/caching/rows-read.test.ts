import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../../src/app";
import { chineseArticle } from "../../fixtures/articles";
import { createArticle, mintToken, ORIGIN } from "../support/helpers";
import { countingD1, etagOf } from "./support";

// D1 rows read per request, from D1's own meta.rows_read: an uncached article page reads ≤ 3, a
// memoized 304 (and a document already in this isolate) reads none.

async function counted(path: string, headers: Record<string, string> = {}, vars: Partial<Env> = {}) {
  const { db, counter } = countingD1();
  const ctx = createExecutionContext();
  const res = await createApp().request(
    new URL(path, ORIGIN).toString(),
    { headers },
    { ...env, ...vars, DB: db },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return { res, rows: counter.rowsRead, statements: counter.statements };
}

beforeAll(async () => {
  const token = (await mintToken()).secret;
  for (let i = 0; i < 25; i++) {
    await createArticle(
      token,
      chineseArticle({
        slug: `rows-${i}`,
        tags: ["计数"],
        publishedAt: `2021-01-${String(i + 1).padStart(2, "0")}T08:00:00+08:00`,
      }),
    );
  }
});

describe("rows read", () => {
  it("an uncached article page reads at most 3 rows; its memoized 304 and its next 200 read none", async () => {
    const first = await counted("/articles/rows-3");
    expect(first.res.status).toBe(200);
    expect(first.res.headers.get("x-edge-cache")).toBe("miss");
    expect(first.rows).toBeGreaterThan(0);
    expect(first.rows).toBeLessThanOrEqual(3);
    const notModified = await counted("/articles/rows-3", { "if-none-match": etagOf(first.res) });
    expect(notModified.res.status).toBe(304);
    expect(notModified.rows).toBe(0);
    expect(notModified.statements).toBe(0);
    const again = await counted("/articles/rows-3");
    expect(again.res.headers.get("x-edge-cache")).toBe("hit");
    expect(again.rows).toBe(0);
  });

  it("an uncached home listing reads one row per listed article, plus its validator", async () => {
    // A new article moves the site's validator, so the page cannot come from the edge cache.
    const token = (await mintToken()).secret;
    await createArticle(
      token,
      chineseArticle({ slug: "rows-home", publishedAt: "2021-02-01T08:00:00+08:00" }),
    );
    const home = await counted("/", {}, { FEED_VALIDATOR_TTL_MS: "0" });
    expect(home.res.status).toBe(200);
    expect(home.res.headers.get("x-edge-cache")).toBe("miss");
    expect(await home.res.text()).toContain("/articles/rows-home");
    // 21 heads (a page of 20 and the one that tells whether an older page exists).
    expect(home.rows).toBeLessThanOrEqual(21 + 3);
  });

  it("listings, sitemaps, the API and feeds answer a memoized 304 with no D1 read", async () => {
    const paths = [
      "/",
      "/tag/%E8%AE%A1%E6%95%B0",
      "/sitemap.xml",
      "/sitemaps/articles-1.xml",
      "/sitemaps/news.xml",
      "/api/v1/articles?tag=%E8%AE%A1%E6%95%B0",
      "/api/v1/articles/rows-4",
      "/api/v1/articles?updatedSince=2000-01-01T00:00:00Z",
      "/feed.xml",
    ];
    for (const path of paths) {
      const first = await counted(path);
      expect(first.res.status, path).toBe(200);
      const notModified = await counted(path, { "if-none-match": etagOf(first.res) });
      expect(notModified.res.status, path).toBe(304);
      expect(notModified.statements, path).toBe(0);
      const hit = await counted(path);
      expect(hit.res.headers.get("x-edge-cache"), path).toBe("hit");
      expect(hit.statements, path).toBe(0);
    }
  });

  it("a later listing page answers its holder's 304 with no read", async () => {
    const first = await counted("/tag/%E8%AE%A1%E6%95%B0");
    const older = (await first.res.text()).match(/href="([^"]*cursor=[^"]+)"/)?.[1]?.replaceAll("&amp;", "&");
    expect(older).toBeDefined();
    const page = await counted(older ?? "");
    expect(page.res.status).toBe(200);
    const notModified = await counted(older ?? "", { "if-none-match": etagOf(page.res) });
    expect(notModified.res.status).toBe(304);
    expect(notModified.statements).toBe(0);
  });
});
