import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import worker from "../../src/index";
import { chineseArticle, draftArticle } from "../fixtures/articles";
import { dumpDatabase, resetDatabase } from "./support/database";
import type { ApiArticle } from "./support/helpers";
import { jsonRequest, mintToken, patchArticle } from "./support/helpers";

beforeEach(resetDatabase);

const HOUR = 3_600_000;
const post = (secret: string, body: unknown, key: string) =>
  jsonRequest("POST", "/api/v1/articles", secret, body, { "idempotency-key": key });
const count = async (sql: string) => (await env.DB.prepare(sql).first<{ n: number }>())?.n ?? 0;

async function ageKey(key: string, ageMs: number) {
  await env.DB.prepare("update idempotency_keys set created_at = ? where key = ?")
    .bind(Date.now() - ageMs, key)
    .run();
}

async function runCron() {
  const ctx = createExecutionContext();
  await worker.scheduled(
    createScheduledController({ scheduledTime: Date.now(), cron: "* * * * *" }),
    env,
    ctx,
  );
  await waitOnExecutionContext(ctx);
}

describe("Idempotency-Key replays tell the truth", () => {
  it("replays the article as it is now after an edit, with the ETag an If-Match needs", async () => {
    const { secret } = await mintToken();
    const first = await post(secret, chineseArticle({ slug: "replay-edit" }), "k-edit");
    const created = (await first.json()) as ApiArticle;
    expect(
      (await patchArticle(secret, created.id, `"a${created.id}-v1"`, { title: "更正后的标题" })).status,
    ).toBe(200);
    const again = await post(secret, chineseArticle({ slug: "replay-edit" }), "k-edit");
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.headers.get("etag")).toBe(`"a${created.id}-v2"`);
    const body = (await again.json()) as ApiArticle;
    expect([body.id, body.version, body.title]).toEqual([created.id, 2, "更正后的标题"]);
    expect(await count("select count(*) as n from articles")).toBe(1);
  });

  it("answers 410 (problem+json, nothing written) to a retry after the article was deleted", async () => {
    const { secret } = await mintToken();
    const created = (await (
      await post(secret, chineseArticle({ slug: "replay-gone" }), "k-gone")
    ).json()) as ApiArticle;
    expect((await jsonRequest("DELETE", `/api/v1/articles/${created.id}`, secret, "")).status).toBe(204);
    const before = await dumpDatabase();
    const again = await post(secret, chineseArticle({ slug: "replay-gone" }), "k-gone");
    expect(again.status).toBe(410);
    expect(again.headers.get("content-type")).toContain("application/problem+json");
    const problem = (await again.json()) as { type: string; articleId: number };
    expect(problem.type).toBe("/problems/gone");
    expect(problem.articleId).toBe(created.id);
    expect(await dumpDatabase()).toBe(before);
  });

  it("replays only what the token may read: a write-only token does not see another editor's edit", async () => {
    const writer = await mintToken(["articles:write"]);
    const editor = await mintToken();
    const created = (await (await post(writer.secret, draftArticle(), "k-scope")).json()) as ApiArticle;
    const secretBody = "<p>编辑部内部意见：暂缓发布。</p>";
    const edit = await patchArticle(editor.secret, created.id, `"a${created.id}-v1"`, { body: secretBody });
    expect(edit.status).toBe(200);
    const again = await post(writer.secret, draftArticle(), "k-scope");
    expect(again.status).toBe(201);
    const text = await again.text();
    expect(text).not.toContain("暂缓发布");
    expect(JSON.parse(text)).toMatchObject({ id: created.id, version: 2, status: "draft" });
  });
});

describe("Idempotency-Key expiry (24 h)", () => {
  it("the cron forgets keys older than 24 h and keeps younger ones; a retry then creates anew", async () => {
    const { secret } = await mintToken();
    const old = (await (await post(secret, draftArticle(), "k-old")).json()) as ApiArticle;
    await post(secret, draftArticle({ title: "另一篇" }), "k-young");
    await ageKey("k-old", 24 * HOUR + 1000);
    await ageKey("k-young", 23 * HOUR);
    await runCron();
    const keys = await env.DB.prepare("select key from idempotency_keys order by key").all<{ key: string }>();
    expect(keys.results.map((r) => r.key)).toEqual(["k-young"]);
    const retry = await post(secret, draftArticle(), "k-old");
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBeNull();
    expect(((await retry.json()) as ApiArticle).id).not.toBe(old.id);
  });

  it("does not replay an expired key the cron has not pruned yet, and re-claims it", async () => {
    const { secret } = await mintToken();
    const old = (await (await post(secret, draftArticle(), "k-stale")).json()) as ApiArticle;
    await ageKey("k-stale", 25 * HOUR);
    const retry = await post(secret, draftArticle(), "k-stale");
    expect(retry.status).toBe(201);
    const fresh = (await retry.json()) as ApiArticle;
    expect(fresh.id).not.toBe(old.id);
    const replay = await post(secret, draftArticle(), "k-stale");
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(((await replay.json()) as ApiArticle).id).toBe(fresh.id);
    expect(await count("select count(*) as n from articles")).toBe(2);
  });
});
