// Migration 0004 on a database that already holds articles and revisions in the old shape (body
// stored three times, every revision a whole snapshot): nothing an editor wrote may be lost.

import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { findArticleById } from "../../../src/db/article-queries";
import { compactLegacyBodies } from "../../../src/db/body-compaction";
import { revisionsNewestFirst } from "../../../src/db/revision-history";
import { db, migrateEmptyDatabaseBefore } from "../support/database";
import { type ApiArticle, mintToken, request } from "../support/helpers";

const COMPACT = "0004_compact_storage";
const HTML_V1 = "<p>湖城市把社区网格作为基层治理的基本单元。</p>";
const HTML_V2 = "<p>湖城市把社区网格作为基层治理的基本单元。</p><p>新增一段。</p>";
const MARKDOWN = "## 小标题\n\n正文**加粗**。";
const MARKDOWN_HTML = "<h2>小标题</h2><p>正文<strong>加粗</strong>。</p>";

function oldRow(id: number, version: number, title: string, format: "html" | "markdown") {
  const html = format === "markdown" ? MARKDOWN_HTML : version === 1 ? HTML_V1 : HTML_V2;
  return {
    guid: `urn:uuid:00000000-0000-4000-8000-00000000000${id}`,
    slug: `old-${id}`,
    status: "published",
    title,
    subtitle: null,
    summary: "摘要",
    summaryIsDerived: false,
    language: "zh-CN",
    bodySource: format === "markdown" ? MARKDOWN : html,
    bodyFormat: format,
    bodyHtml: html,
    bodyText: "stale plain text",
    section: ["深度报道"],
    tags: ["社区"],
    authors: [{ name: "林晓舟" }],
    editors: [],
    source: null,
    image: null,
    printEdition: null,
    publishedAt: 1_600_000_000_000,
    publishedOffset: 480,
    createdAt: 1_600_000_000_000,
    updatedAt: 1_600_000_000_000 + version,
    publicChangedAt: 1_600_000_000_000 + version,
    deletedAt: null,
    version,
    writeId: `w${id}-${version}`,
    createdBy: null,
    updatedBy: null,
  };
}

async function insertOldArticle(id: number, versions: ReturnType<typeof oldRow>[]) {
  const latest = versions.at(-1) as ReturnType<typeof oldRow>;
  const columns = Object.keys(latest).map((k) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`));
  const values = Object.values(latest).map((v) =>
    v !== null && typeof v === "object" ? JSON.stringify(v) : v,
  );
  await env.DB.batch([
    env.DB.prepare(
      `insert into articles (id, ${columns.join(", ")}) values (?, ${columns.map(() => "?").join(", ")})`,
    ).bind(id, ...values.map((v) => (typeof v === "boolean" ? Number(v) : v))),
    ...versions.map((row) =>
      env.DB.prepare(
        "insert into article_revisions (article_id, version, action, snapshot, created_at) values (?, ?, ?, ?, ?)",
      ).bind(id, row.version, row.version === 1 ? "create" : "update", JSON.stringify(row), row.updatedAt),
    ),
  ]);
}

beforeAll(async () => {
  // Storage is per test file: start this one from an empty database, migrated up to before 0004.
  await migrateEmptyDatabaseBefore(COMPACT);
  await insertOldArticle(1, [oldRow(1, 1, "初稿标题", "html"), oldRow(1, 2, "定稿标题", "html")]);
  await insertOldArticle(2, [oldRow(2, 1, "Markdown 稿", "markdown")]);
  await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
});

describe("migration 0004 (compact storage) on existing rows", () => {
  it("keeps the body once: no plain-text column, no source copy of an HTML body", async () => {
    const { results } = await env.DB.prepare(
      "select id, body_source, body_html from articles order by id",
    ).all();
    expect(results).toEqual([
      { id: 1, body_source: null, body_html: HTML_V2 },
      { id: 2, body_source: MARKDOWN, body_html: MARKDOWN_HTML },
    ]);
    const columns = await env.DB.prepare("select name from pragma_table_info('articles')").all<{
      name: string;
    }>();
    expect(columns.results.map((c) => c.name)).not.toContain("body_text");
  });

  it("gives the editor back exactly the source they wrote", async () => {
    const { secret } = await mintToken();
    const auth = { headers: { authorization: `Bearer ${secret}` } };
    const html = (await (await request("/api/v1/articles/1", auth)).json()) as ApiArticle & { body: string };
    const markdown = (await (await request("/api/v1/articles/2", auth)).json()) as ApiArticle & {
      body: string;
    };
    expect(html.body).toBe(HTML_V2);
    expect(markdown.body).toBe(MARKDOWN);
    expect(html.bodyText).toContain("新增一段");
  });

  it("rebuilds every old version from the row and the undos", async () => {
    const current = await findArticleById(db(), 1);
    const revisions = await revisionsNewestFirst(db(), 1, { below: null, limit: 10 });
    expect(revisions.map((r) => [r.version, r.article.title, r.article.bodyHtml])).toEqual([
      [2, "定稿标题", HTML_V2],
      [1, "初稿标题", HTML_V1],
    ]);
    expect(revisions[0]?.article).toEqual(current);
    expect(revisions[1]?.article).toEqual({ ...current, ...oldShapeToNew(oldRow(1, 1, "初稿标题", "html")) });
    const res = await request("/api/v1/articles/1/revisions/1", {
      headers: { authorization: `Bearer ${(await mintToken()).secret}` },
    });
    expect(((await res.json()) as { article: { title: string; body: string } }).article).toMatchObject({
      title: "初稿标题",
      body: HTML_V1,
    });
  });
});

function oldShapeToNew(row: ReturnType<typeof oldRow>) {
  const { bodyText: _text, ...rest } = row;
  return { ...rest, bodySource: row.bodyFormat === "markdown" ? row.bodySource : null };
}

describe("migration 0006 (deflated bodies) on the same rows", () => {
  it("leaves them plain and unseen, and compaction changes what they hold, not what readers get", async () => {
    const stored = () =>
      env.DB.prepare(
        "select id, body_html, body_html_z is null as legacy, write_id from articles order by id",
      ).all<{ id: number; body_html: string; legacy: number; write_id: string }>();
    const before = (await stored()).results;
    expect(before.map((r) => [r.id, r.body_html, r.legacy])).toEqual([
      [1, HTML_V2, 1],
      [2, MARKDOWN_HTML, 1],
    ]);
    const read = async () => [await findArticleById(db(), 1), await findArticleById(db(), 2)];
    const readBefore = await read();
    while ((await compactLegacyBodies(env.DB, 1)) > 0);
    const after = (await stored()).results;
    expect(after.every((r) => r.legacy === 0)).toBe(true);
    expect(after.map((r) => r.write_id)).toEqual(before.map((r) => r.write_id));
    expect(await read()).toEqual(readBefore);
  });
});
