import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { chineseArticle } from "../../fixtures/articles";
import { appRequest, wrapDb } from "../support/fault-env";
import { createArticle, mintToken } from "../support/helpers";

// Public reads render from every column but the editor's Markdown; reading it would only cost D1
// bytes and row decoding. Each request goes through a D1 that records its statements.
const TAG = "读列-columns";
const UNCACHED = { FEED_DOCUMENT_CACHE_BYTES: "0" };
const MARKDOWN = "第一段**加粗**。\n\n第二段。";

beforeAll(async () => {
  const token = (await mintToken()).secret;
  for (let i = 0; i < 2; i++) {
    const created = await createArticle(
      token,
      chineseArticle({
        slug: `public-columns-${i}`,
        tags: [TAG],
        body: MARKDOWN,
        bodyFormat: "markdown",
        publishedAt: `2021-04-0${i + 1}T08:00:00+08:00`,
      }),
    );
    expect(created.slug).toBe(`public-columns-${i}`);
  }
});

async function statementsOf(path: string): Promise<{ status: number; body: string; sql: string[] }> {
  const sql: string[] = [];
  const DB = wrapDb({
    prepare: (query: string) => {
      sql.push(query);
      return env.DB.prepare(query);
    },
  });
  const res = await appRequest(path, {}, { ...UNCACHED, DB });
  return { status: res.status, body: await res.text(), sql };
}

const tag = encodeURIComponent(TAG);

describe("public reads leave body_source unread", () => {
  it.each([
    ["the article page", "/articles/public-columns-0"],
    ["the public API article", "/api/v1/articles/public-columns-1"],
    ["the public API listing", `/api/v1/articles?tag=${tag}`],
    ["the public API delta poll", "/api/v1/articles?updatedSince=2000-01-01T00:00:00Z"],
    ["the public API delta poll of a tag", `/api/v1/articles?tag=${tag}&updatedSince=2000-01-01T00:00:00Z`],
    ["a feed", `/tag/${tag}/feed.json`],
    ["a listing page", `/tag/${tag}`],
  ])("%s", async (_name, path) => {
    const { status, body, sql } = await statementsOf(path);
    expect(status).toBe(200);
    expect(body).toContain("加粗");
    const articleReads = sql.filter((s) => /from "articles"|join "articles"/.test(s));
    expect(articleReads.length).toBeGreaterThan(0);
    for (const statement of sql) expect(statement).not.toContain("body_source");
  });

  it("a listing page reads no body at all", async () => {
    const { sql } = await statementsOf(`/tag/${tag}`);
    for (const statement of sql) expect(statement).not.toMatch(/"body_(html|source)"/);
  });
});
