// The benchmark's SQL-built index of cloned articles (scripts/lib/search-clone-index.ts) against the
// rebuild every other path uses (scripts/lib/search-rebuild.ts): the same rows, token counts and answers.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { cloneArticles, TEMPLATE_COUNT } from "../../../scripts/lib/bulk-load.mjs";
import { indexClones } from "../../../scripts/lib/search-clone-index";
import { rebuildSearchIndex } from "../../../scripts/lib/search-rebuild";
import { syntheticArticle } from "../../../scripts/lib/synthetic.mjs";
import { searchArticles } from "../../../src/db/search-queries";
import { createArticleSchema } from "../../../src/domain/article-input";
import { parseSearchQuery } from "../../../src/lib/search-text";
import { createArticle } from "../../../src/services/article-service";
import { db, resetDatabase } from "../support/database";
import { writeAt } from "../support/search-corpus";

const CLONES = 60;
const NOW = Date.parse("2021-01-01T00:00:00Z");
const EVERY_ARTICLE = "网格化";
const ONE_MATCH = "第42号";
const QUERIES = [
  EVERY_ARTICLE,
  "42",
  ONE_MATCH,
  "稿件",
  "社区",
  "治理 城市",
  "本报记者",
  "深度报道",
  "网",
  "现场图片",
];

let templateIds: number[] = [];

async function answers() {
  const out: Record<string, unknown> = {};
  for (const q of QUERIES) {
    const query = parseSearchQuery(q);
    if (typeof query === "string") throw new Error(q);
    const { hits } = await searchArticles(db(), query, { kind: "public", now: NOW }, { limit: 200 });
    out[q] = hits.map((h) => [h.article.id, h.tier, h.score]);
  }
  return out;
}

async function rowsAndTokenCounts() {
  const { results } = await env.DB.prepare(
    "select id, hex(sz) as sz from article_search_docsize order by id",
  ).all();
  return results;
}

beforeAll(async () => {
  await resetDatabase();
  templateIds = [];
  for (let i = 0; i < TEMPLATE_COUNT; i++) {
    const input = createArticleSchema.parse(
      syntheticArticle(i, { publishedAt: "2018-12-31T23:00:00+08:00" }),
    );
    templateIds.push((await createArticle(writeAt(NOW), input)).article.id);
  }
  await cloneArticles(env.DB, templateIds, 0, CLONES);
});

describe("the SQL-built index of a cloned archive", () => {
  it("indexes every clone and answers exactly as the rebuild does (ids, order, scores)", async () => {
    expect(await indexClones(env.DB, templateIds)).toBe(CLONES);
    const fast = { rows: await rowsAndTokenCounts(), answers: await answers() };
    expect(fast.rows).toHaveLength(TEMPLATE_COUNT + CLONES);
    expect(fast.answers[ONE_MATCH]).toHaveLength(1);
    expect((fast.answers[EVERY_ARTICLE] as unknown[]).length).toBeGreaterThan(1);

    expect(await rebuildSearchIndex(env.DB)).toBe(TEMPLATE_COUNT + CLONES);
    expect(await rowsAndTokenCounts()).toEqual(fast.rows);
    expect(await answers()).toEqual(fast.answers);
  });

  it("indexes only the clones added since, when the archive grows", async () => {
    await cloneArticles(env.DB, templateIds, CLONES, CLONES + 30);
    expect(await indexClones(env.DB, templateIds)).toBe(30);
    const fast = { rows: await rowsAndTokenCounts(), answers: await answers() };
    await rebuildSearchIndex(env.DB);
    expect(await rowsAndTokenCounts()).toEqual(fast.rows);
    expect(await answers()).toEqual(fast.answers);
  });
});
