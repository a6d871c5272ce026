import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { countRowsRead, ROWS_READ_HEADER } from "../../src/db/rows-read";
import { chineseArticle } from "../fixtures/articles";
import { appRequest } from "./support/fault-env";
import { createArticle, mintToken } from "./support/helpers";

const TAG = "rows-read-计数";
const COUNTING = { BENCH_REPORT_D1_ROWS: "1", FEED_DOCUMENT_CACHE_BYTES: "0" };

beforeAll(async () => {
  const token = (await mintToken()).secret;
  for (let i = 0; i < 3; i++) {
    await createArticle(
      token,
      chineseArticle({
        slug: `rows-read-${i}`,
        tags: [TAG],
        publishedAt: `2021-03-0${i + 1}T08:00:00+08:00`,
      }),
    );
  }
});

const rowsRead = (res: Response) => res.headers.get(ROWS_READ_HEADER);

describe("D1 rows-read header (bench instrumentation)", () => {
  it("is absent unless BENCH_REPORT_D1_ROWS is 1", async () => {
    expect(rowsRead(await appRequest(`/tag/${TAG}/feed.xml`, {}))).toBeNull();
    expect(rowsRead(await appRequest(`/tag/${TAG}/feed.xml`, {}, { BENCH_REPORT_D1_ROWS: "0" }))).toBeNull();
  });

  it("counts at least one row per feed item and leaves the body unchanged", async () => {
    const path = `/tag/${encodeURIComponent(TAG)}/feed.json`;
    // Counted first: the plain request stores the document in the edge cache, which reads no rows.
    const counted = await appRequest(path, {}, COUNTING);
    const plain = await appRequest(path, {}, { FEED_DOCUMENT_CACHE_BYTES: "0" });
    expect(counted.status).toBe(200);
    expect(await counted.text()).toBe(await plain.text());
    expect(Number(rowsRead(counted))).toBeGreaterThanOrEqual(3);
  });

  it("is 0 for a 304 answered from the validator memo, on an index miss, and positive for a page", async () => {
    const path = `/tag/${encodeURIComponent(TAG)}/atom.xml`;
    const first = await appRequest(path, {}, COUNTING);
    const etag = first.headers.get("etag") ?? "";
    const notModified = await appRequest(path, { headers: { "if-none-match": etag } }, COUNTING);
    expect(notModified.status).toBe(304);
    expect(rowsRead(notModified)).toBe("0");
    const missing = await appRequest("/articles/rows-read-none", {}, COUNTING);
    expect(missing.status).toBe(404);
    expect(rowsRead(missing)).toBe("0");
    const page = await appRequest("/articles/rows-read-1", {}, COUNTING);
    expect(Number(rowsRead(page))).toBeGreaterThan(0);
  });
});

describe("countRowsRead", () => {
  it("sums meta.rows_read over all, raw, first and batch and returns the same rows as the binding", async () => {
    const { d1, rowsRead: total } = countRowsRead(env.DB);
    const sql =
      "select a.slug, b.slug from article_slugs a join article_slugs b on b.article_id = a.article_id where a.slug like ?";
    const real = env.DB.prepare(sql).bind("rows-read-%");
    const counted = d1.prepare(sql).bind("rows-read-%");
    expect(await counted.raw()).toEqual(await real.raw());
    const afterRaw = total();
    expect(afterRaw).toBeGreaterThan(0);
    expect((await counted.all()).results).toEqual((await real.all()).results);
    expect(await counted.first("slug")).toBe(await real.first("slug"));
    const [batched] = await d1.batch([counted]);
    expect(batched?.results).toEqual((await real.all()).results);
    expect(total()).toBe(afterRaw * 4);
  });
});
