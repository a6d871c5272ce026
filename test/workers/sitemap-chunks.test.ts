// The sitemap index at archive scale: it reads a few index entries per chunk file, never the
// articles, and each chunk's lastmod is never earlier than the last public change in that chunk.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { XMLParser } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { listSitemapChunks, SITEMAP_CHUNK_SIZE } from "../../src/db/sitemap-queries";
import { chineseArticle } from "../fixtures/articles";
import { countingD1 } from "./caching/support";
import { insertBulkArticles } from "./support/bulk-articles";
import { db } from "./support/database";
import { createArticle, jsonRequest, mintToken, ORIGIN, patchArticle } from "./support/helpers";

const BULK = 2 * SITEMAP_CHUNK_SIZE + 1;
const parser = new XMLParser({ isArray: (name) => ["url", "sitemap"].includes(name) });
let token = "";

beforeAll(async () => {
  await insertBulkArticles({
    prefix: "bulk",
    firstGuid: 1,
    tag: "bulk",
    count: BULK,
    firstAt: Date.UTC(2020, 0, 1),
    stepMs: 60_000,
  });
  token = (await mintToken()).secret;
});

async function counted(path: string) {
  const { db: counting, counter } = countingD1();
  const ctx = createExecutionContext();
  const res = await createApp().request(new URL(path, ORIGIN).toString(), {}, { ...env, DB: counting }, ctx);
  await waitOnExecutionContext(ctx);
  expect(res.status, path).toBe(200);
  return { body: await res.text(), rows: counter.rowsRead };
}

async function chunkLastmods(): Promise<Map<string, number>> {
  const { body } = await counted("/sitemap.xml");
  const entries: { loc: string; lastmod?: string }[] = parser.parse(body).sitemapindex.sitemap;
  return new Map(
    entries.flatMap((e) => (e.lastmod ? [[new URL(e.loc).pathname, Date.parse(e.lastmod)] as const] : [])),
  );
}

const lastChunk = `/sitemaps/articles-${Math.ceil(BULK / SITEMAP_CHUNK_SIZE)}.xml`;

describe("sitemap index at archive scale", () => {
  it("reads a few rows per chunk file, not one per article", async () => {
    const { body, rows } = await counted("/sitemap.xml");
    const locs: string[] = parser.parse(body).sitemapindex.sitemap.map((s: { loc: string }) => s.loc);
    expect(locs.filter((l) => l.includes("/sitemaps/articles-"))).toHaveLength(3);
    expect(rows).toBeGreaterThan(0);
    // Per chunk: its counter step and two index seeks; then the max id and the site validator.
    expect(rows).toBeLessThanOrEqual(3 * 3 + 10);
  });

  it("a chunk file reads at most its size + 3 rows", async () => {
    const { body, rows } = await counted("/sitemaps/articles-2.xml");
    expect(parser.parse(body).urlset.url).toHaveLength(SITEMAP_CHUNK_SIZE);
    expect(rows).toBeLessThanOrEqual(SITEMAP_CHUNK_SIZE + 3);
  });

  it("a chunk's lastmod moves with an edit and a delete there, and no other chunk's does", async () => {
    const kept = await createArticle(token, chineseArticle({ slug: "chunk-kept" }));
    const gone = await createArticle(token, chineseArticle({ slug: "chunk-gone" }));
    expect(`/sitemaps/articles-${Math.ceil(gone.id / SITEMAP_CHUNK_SIZE)}.xml`).toBe(lastChunk);
    const before = await chunkLastmods();

    const editedAt = Date.now();
    const edit = await patchArticle(token, kept.id, `"a${kept.id}-v1"`, { title: "改过的标题" });
    expect(edit.status).toBe(200);
    const afterEdit = await chunkLastmods();
    expect(afterEdit.get(lastChunk)).toBeGreaterThanOrEqual(editedAt);

    const deletedAt = Date.now() + 1;
    await new Promise((resolve) => setTimeout(resolve, 2));
    expect((await jsonRequest("DELETE", `/api/v1/articles/${gone.id}`, token, undefined)).status).toBe(204);
    const afterDelete = await chunkLastmods();
    // The chunk lost an article: readers saw it change, though no article left in it did.
    expect(afterDelete.get(lastChunk)).toBeGreaterThanOrEqual(deletedAt);
    for (const path of ["/sitemaps/articles-1.xml", "/sitemaps/articles-2.xml"]) {
      expect(afterDelete.get(path), path).toBe(before.get(path));
    }
  });

  it("a chunk's lastmod moves when a schedule there comes due, with no write", async () => {
    const dueAt = Date.now() + 60 * 60 * 1000;
    const scheduled = await createArticle(
      token,
      chineseArticle({ slug: "chunk-due", status: "scheduled", publishedAt: new Date(dueAt).toISOString() }),
    );
    const page = Math.ceil(scheduled.id / SITEMAP_CHUNK_SIZE);
    const lastmodAt = async (now: number) =>
      (await listSitemapChunks(db(), now)).find((c) => c.page === page)?.lastModified;
    expect(await lastmodAt(dueAt - 1)).toBeLessThan(dueAt);
    expect(await lastmodAt(dueAt)).toBe(dueAt);
  });
});
