// Who sees a hit, and the index staying in step with every write: visibility is joined at query
// time (article_scopes, visibility.ts), content is re-indexed in each write's batch.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { rebuildSearchIndex } from "../../../scripts/lib/search-rebuild";
import { findArticleById } from "../../../src/db/article-queries";
import { searchArticles } from "../../../src/db/search-queries";
import type { ArticleRow } from "../../../src/domain/article";
import { updateArticleSchema } from "../../../src/domain/article-input";
import { parseSearchQuery, type SearchQuery } from "../../../src/lib/search-text";
import { deleteArticle, patchArticle, restoreArticle } from "../../../src/services/article-service";
import { publishDueArticles } from "../../../src/services/scheduled-publish";
import { db, resetDatabase } from "../support/database";
import {
  addArticle,
  CORPUS_NOW,
  editorHits,
  indexedIds,
  publicHits,
  writeAt,
} from "../support/search-corpus";

const DUE = Date.parse("2021-02-01T00:00:00Z");

async function patch(article: ArticleRow, fields: Record<string, unknown>, now = CORPUS_NOW + 1000) {
  return (await patchArticle(writeAt(now), article, updateArticleSchema.parse(fields))) as ArticleRow;
}

async function reload(id: number): Promise<ArticleRow> {
  const row = await findArticleById(db(), id);
  if (!row) throw new Error(`article ${id} vanished`);
  return row;
}

/** Every article has exactly one index row: no write left one behind or out. */
async function expectOneIndexRowPerArticle() {
  const index = await env.DB.prepare("select rowid as id from article_search order by rowid").all<{
    id: number;
  }>();
  const rows = await env.DB.prepare("select id from articles order by id").all<{ id: number }>();
  expect(index.results.map((r) => r.id)).toEqual(rows.results.map((r) => r.id));
}

beforeEach(resetDatabase);

describe("public search sees only what is public now", () => {
  it("never shows a draft; drafts:read does", async () => {
    const draft = await addArticle({ title: "草稿秘闻", body: "<p>尚在编辑</p>", status: "draft" });
    expect(await publicHits("秘闻")).toEqual([]);
    expect(await editorHits("秘闻")).toEqual([draft.id]);
    expect(await indexedIds("秘闻")).toEqual([draft.id]);
  });

  it("shows a scheduled article from its time on, and the cron flip changes nothing", async () => {
    const scheduled = await addArticle({
      title: "定时发布的网格新闻",
      body: "<p>正文</p>",
      status: "scheduled",
      publishedAt: new Date(DUE).toISOString(),
    });
    expect(await publicHits("网格", DUE - 1)).toEqual([]);
    expect(await publicHits("网格", DUE)).toEqual([scheduled.id]);
    expect(await editorHits("网格")).toEqual([scheduled.id]);
    const run = await publishDueArticles(writeAt(DUE + 1));
    expect(run.published.map((a) => a.id)).toEqual([scheduled.id]);
    expect(await publicHits("网格", DUE + 1)).toEqual([scheduled.id]);
    await expectOneIndexRowPerArticle();
  });

  it("never shows a schedule pulled before its time", async () => {
    const scheduled = await addArticle({
      title: "撤回的定时稿",
      body: "<p>正文</p>",
      status: "scheduled",
      publishedAt: new Date(DUE).toISOString(),
    });
    await patch(scheduled, { status: "draft" });
    expect(await publicHits("定时", DUE + 1)).toEqual([]);
    expect(await editorHits("定时")).toEqual([scheduled.id]);
  });

  it("hides a deleted article (editors only with deleted=include) and shows it again once restored", async () => {
    const article = await addArticle({ title: "删除后恢复的报道", body: "<p>正文</p>" });
    const deleted = (await deleteArticle(writeAt(CORPUS_NOW + 1000), article)) as ArticleRow;
    expect(await publicHits("恢复")).toEqual([]);
    expect(await editorHits("恢复")).toEqual([]);
    expect(await editorHits("恢复", { deleted: "include" })).toEqual([article.id]);
    await restoreArticle(writeAt(CORPUS_NOW + 2000), await reload(deleted.id));
    expect(await publicHits("恢复", CORPUS_NOW + 3000)).toEqual([article.id]);
    await expectOneIndexRowPerArticle();
  });

  it("shows a draft the moment it is published, and hides it the moment it is unpublished", async () => {
    const draft = await addArticle({ title: "即将发布", body: "<p>网格</p>", status: "draft" });
    const published = await patch(draft, { status: "published", publishedAt: "2020-12-30T00:00:00Z" });
    expect(await publicHits("网格", CORPUS_NOW + 1000)).toEqual([draft.id]);
    await patch(published, { status: "draft" }, CORPUS_NOW + 2000);
    expect(await publicHits("网格", CORPUS_NOW + 3000)).toEqual([]);
  });

  it("keeps to the section, tag and author the listing keeps to", async () => {
    const inTag = await addArticle({ title: "网格甲", body: "<p>一</p>", tags: ["社区"] });
    await addArticle({ title: "网格乙", body: "<p>二</p>", tags: ["交通"] });
    expect(await publicHits("网格", CORPUS_NOW, { kind: "tag", key: "社区" })).toEqual([inTag.id]);
  });
});

describe("the index follows every content change", () => {
  it("stops matching old words after an edit and matches the new ones", async () => {
    const article = await addArticle({ title: "旧标题里的词", body: "<p>旧正文</p>" });
    await patch(article, { title: "新标题", body: "<p>新正文</p>" });
    expect(await indexedIds("旧标题")).toEqual([]);
    expect(await indexedIds("旧正文")).toEqual([]);
    expect(await publicHits("新正文", CORPUS_NOW + 2000)).toEqual([article.id]);
    await expectOneIndexRowPerArticle();
  });

  it("indexes subtitle, summary, tags, section and authors too", async () => {
    const article = await addArticle({
      title: "标题",
      subtitle: "副题词",
      summary: "摘要词",
      tags: ["标签词"],
      section: ["栏目词"],
      body: "<p>正文</p>",
    });
    for (const word of ["副题词", "摘要词", "标签词", "栏目词", "记者"]) {
      expect(await publicHits(word)).toEqual([article.id]);
    }
  });

  it("keeps bm25's statistics exact: scores after edits, delete and restore equal a fresh rebuild's", async () => {
    const a = await addArticle({ title: "网格一", body: "<p>网格网格，长长的正文。</p>" });
    const b = await addArticle({ title: "网格二", body: "<p>网格</p>" });
    await addArticle({ title: "其他", body: "<p>无关</p>" });
    await patch(a, { body: "<p>改写后的网格正文，更长一些，更长一些。</p>" });
    const deleted = (await deleteArticle(writeAt(CORPUS_NOW + 2000), b)) as ArticleRow;
    await restoreArticle(writeAt(CORPUS_NOW + 3000), deleted);
    const query = parseSearchQuery("网格") as SearchQuery;
    const scores = async () =>
      (await searchArticles(db(), query, { kind: "public", now: CORPUS_NOW + 4000 }, { limit: 10 })).hits.map(
        (h) => [h.article.id, h.score],
      );
    const afterWrites = await scores();
    expect(afterWrites).toHaveLength(2);
    await expectOneIndexRowPerArticle();
    expect(await rebuildSearchIndex(env.DB)).toBe(3);
    expect(await scores()).toEqual(afterWrites);
    await expectOneIndexRowPerArticle();
  });
});
