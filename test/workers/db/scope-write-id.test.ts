// article_scopes.write_id is a copy of the article's write_id (the feed keys read it from the listing
// index alone): every write path must keep every scope row of the article in step, in its own batch.
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createDb } from "../../../src/db/client";
import { listPublicEntryKeys } from "../../../src/db/feed-queries";
import worker from "../../../src/index";
import { formatRfc3339 } from "../../../src/lib/time";
import { chineseArticle } from "../../fixtures/articles";
import { createArticle, jsonRequest, mintToken, patchArticle, request } from "../support/helpers";

const TAG = { kind: "tag", key: "写入同步" } as const;

async function scopeRows(id: number) {
  const { results } = await env.DB.prepare(
    `select s.kind, s.key, s.listed, s.write_id as scopeWriteId, a.write_id as articleWriteId
       from article_scopes s join articles a on a.id = s.article_id where s.article_id = ?`,
  )
    .bind(id)
    .all<{ kind: string; key: string; listed: number; scopeWriteId: string; articleWriteId: string }>();
  return results;
}

/** Every scope row of the article carries its current write_id; returns that write_id. */
async function expectInStep(id: number): Promise<string> {
  const rows = await scopeRows(id);
  expect(rows.length).toBeGreaterThan(0);
  const current = rows[0]?.articleWriteId ?? "";
  expect(current).not.toBe("");
  for (const row of rows) expect(row).toMatchObject({ scopeWriteId: current });
  return current;
}

async function tagKeyOf(id: number) {
  const keys = await listPublicEntryKeys(createDb(env.DB), TAG, { now: Date.now(), limit: 50 });
  return keys.find((key) => key.id === id);
}

async function etagOf(secret: string, id: number): Promise<string> {
  const res = await request(`/api/v1/articles/${id}`, { headers: { authorization: `Bearer ${secret}` } });
  return res.headers.get("etag") ?? "";
}

describe("scope rows' write_id", () => {
  it("follows create, edit, a tag taken off, pull, re-publish, delete and restore", async () => {
    const { secret } = await mintToken();
    const article = await createArticle(
      secret,
      chineseArticle({
        slug: "write-id-steps",
        tags: [TAG.key, "另一个"],
        publishedAt: "2021-05-01T08:00:00+08:00",
      }),
    );
    const created = await expectInStep(article.id);
    expect((await tagKeyOf(article.id))?.writeId).toBe(created);

    const edit = await patchArticle(secret, article.id, await etagOf(secret, article.id), {
      title: "改过的标题",
    });
    expect(edit.status).toBe(200);
    const edited = await expectInStep(article.id);
    expect(edited).not.toBe(created);
    expect((await tagKeyOf(article.id))?.writeId).toBe(edited);

    // The scope row the article left stays (unlisted) and still moves with it.
    const untag = await patchArticle(secret, article.id, await etagOf(secret, article.id), {
      tags: ["另一个"],
    });
    expect(untag.status).toBe(200);
    const untagged = await expectInStep(article.id);
    expect((await scopeRows(article.id)).find((row) => row.key === TAG.key)?.listed).toBe(0);
    expect(await tagKeyOf(article.id)).toBeUndefined();

    const back = await patchArticle(secret, article.id, await etagOf(secret, article.id), {
      tags: [TAG.key],
      status: "draft",
    });
    expect(back.status).toBe(200);
    const pulled = await expectInStep(article.id);
    expect(pulled).not.toBe(untagged);
    expect(await tagKeyOf(article.id)).toBeUndefined();

    const republish = await patchArticle(secret, article.id, await etagOf(secret, article.id), {
      status: "published",
    });
    expect(republish.status).toBe(200);
    const republished = await expectInStep(article.id);
    expect((await tagKeyOf(article.id))?.writeId).toBe(republished);

    const del = await request(`/api/v1/articles/${article.id}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(del.status).toBe(204);
    const deleted = await expectInStep(article.id);
    expect(deleted).not.toBe(republished);
    expect(await tagKeyOf(article.id)).toBeUndefined();

    const restore = await jsonRequest("POST", `/api/v1/articles/${article.id}/restore`, secret, undefined);
    expect(restore.status).toBe(200);
    const restored = await expectInStep(article.id);
    expect(restored).not.toBe(deleted);
    expect((await tagKeyOf(article.id))?.writeId).toBe(restored);
  });

  it("follows the cron that publishes a scheduled article once it is due", async () => {
    const { secret } = await mintToken();
    // Scheduled for a minute ago and not yet flipped: the cron's next run publishes it.
    const due = Math.floor((Date.now() - 60_000) / 1000) * 1000;
    const article = await createArticle(
      secret,
      chineseArticle({
        slug: "write-id-due",
        tags: [TAG.key],
        status: "scheduled",
        publishedAt: formatRfc3339(due, 480),
      }),
    );
    const scheduled = await expectInStep(article.id);
    const controller = createScheduledController({ scheduledTime: Date.now(), cron: "* * * * *" });
    const ctx = createExecutionContext();
    await worker.scheduled(controller, env, ctx);
    await waitOnExecutionContext(ctx);
    const status = await env.DB.prepare("select status from articles where id = ?")
      .bind(article.id)
      .first<{ status: string }>();
    expect(status?.status).toBe("published");
    const published = await expectInStep(article.id);
    expect(published).not.toBe(scheduled);
  });
});
