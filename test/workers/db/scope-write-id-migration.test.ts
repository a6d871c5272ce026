// Migration 0007 on a database that already holds articles: every scope row gets its article's
// write_id, and the feed keys then come from the listing index alone, hidden articles still left out.
import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../../src/db/client";
import { listPublicEntryKeys } from "../../../src/db/feed-queries";
import { migrateEmptyDatabaseBefore } from "../support/database";
import { request } from "../support/helpers";

const SCOPE_WRITE_ID = "0007_scope_write_id";
const TAG = { kind: "tag", key: "迁移" } as const;
const AT = Date.UTC(2021, 5, 1);

async function insertOldArticle(id: number, options: { deleted?: boolean } = {}) {
  const at = AT + id * 60_000;
  const deletedAt = options.deleted ? at + 1 : null;
  await env.DB.batch([
    env.DB.prepare(
      `insert into articles (id, guid, slug, status, title, summary, summary_is_derived, language, body_format,
         body_html, body_html_z, section, tags, authors, editors, published_at, published_offset, created_at,
         updated_at, public_changed_at, deleted_at, version, write_id)
       values (?1, ?5, ?6, 'published', ?7, '摘要', 0, 'zh-CN', 'html', '<p>正文</p>', x'', '[]', json_array(?4), '[]', '[]',
         ?2, 480, ?2, ?2, ?2, ?3, 2, ?8)`,
    ).bind(
      id,
      at,
      deletedAt,
      TAG.key,
      `urn:uuid:00000000-0000-4000-8000-00000000700${id}`,
      `old-scope-${id}`,
      `旧稿 ${id}`,
      `old-write-${id}`,
    ),
    env.DB.prepare(
      `insert into article_scopes (kind, key, article_id, listed, published_at, public_changed_at)
       values ('site', '', ?1, ?3, ?2, ?2), ('tag', ?4, ?1, ?3, ?2, ?2)`,
    ).bind(id, at, deletedAt === null ? 1 : 0, TAG.key),
  ]);
}

beforeAll(async () => {
  // Storage is per test file: start this one from an empty database, migrated up to before 0007.
  await migrateEmptyDatabaseBefore(SCOPE_WRITE_ID);
  for (const id of [1, 2, 3]) await insertOldArticle(id, { deleted: id === 2 });
  await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
});

describe("migration 0007 (scope write ids) on existing rows", () => {
  it("fills every scope row with its article's write_id", async () => {
    const { results } = await env.DB.prepare(
      "select kind, article_id as id, write_id as writeId from article_scopes order by article_id, kind",
    ).all();
    expect(results).toEqual(
      [1, 2, 3].flatMap((id) => [
        { kind: "site", id, writeId: `old-write-${id}` },
        { kind: "tag", id, writeId: `old-write-${id}` },
      ]),
    );
  });

  it("lists the old articles' keys from the covering listing index, the deleted one left out", async () => {
    const keys = await listPublicEntryKeys(createDb(env.DB), TAG, { now: Date.now(), limit: 10 });
    expect(keys).toEqual([
      { id: 3, writeId: "old-write-3", publishedAt: AT + 3 * 60_000 },
      { id: 1, writeId: "old-write-1", publishedAt: AT + 60_000 },
    ]);
    const plan = await env.DB.prepare(
      `explain query plan select article_id, write_id, published_at from article_scopes
        where kind = 'tag' and key = ? and listed = 1 and published_at <= ? order by published_at desc limit 10`,
    )
      .bind(TAG.key, Date.now())
      .all<{ detail: string }>();
    expect(plan.results.map((row) => row.detail).join(" ")).toContain(
      "COVERING INDEX article_scopes_listing_idx",
    );
    const feed = await request(`/tag/${encodeURIComponent(TAG.key)}/feed.xml`);
    expect(feed.status).toBe(200);
    const xml = await feed.text();
    expect(xml).toContain("旧稿 3");
    expect(xml).toContain("旧稿 1");
    expect(xml).not.toContain("旧稿 2");
  });
});
