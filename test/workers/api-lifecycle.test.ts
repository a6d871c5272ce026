import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { chineseArticle, draftArticle, englishArticle } from "../fixtures/articles";
import { resetDatabase } from "./support/database";
import type { ApiArticle } from "./support/helpers";
import { createArticle, jsonRequest, mintToken, patchArticle, request } from "./support/helpers";

beforeEach(resetDatabase);

const count = async (sql: string, ...binds: unknown[]) =>
  (
    await env.DB.prepare(sql)
      .bind(...binds)
      .first<{ n: number }>()
  )?.n ?? 0;

describe("PATCH /api/v1/articles/:id", () => {
  it("requires If-Match (428) and refuses a stale one (412)", async () => {
    const { secret } = await mintToken();
    const article = await createArticle(secret, chineseArticle());
    const missing = await jsonRequest("PATCH", `/api/v1/articles/${article.id}`, secret, { title: "新" });
    expect(missing.status).toBe(428);
    const ok = await patchArticle(secret, article.id, `"a${article.id}-v1"`, { title: "新标题" });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("etag")).toBe(`"a${article.id}-v2"`);
    const stale = await patchArticle(secret, article.id, `"a${article.id}-v1"`, { title: "旧" });
    expect(stale.status).toBe(412);
    const current = (await (await request(`/api/v1/articles/${article.id}`)).json()) as ApiArticle;
    expect(current.title).toBe("新标题");
  });

  it("lets exactly one of two concurrent edits with the same If-Match win", async () => {
    const { secret } = await mintToken();
    const article = await createArticle(secret, chineseArticle());
    const etag = `"a${article.id}-v1"`;
    const results = await Promise.all(
      ["编辑甲的标题", "编辑乙的标题", "编辑丙的标题", "编辑丁的标题"].map((title) =>
        patchArticle(secret, article.id, etag, { title }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 412, 412, 412]);
    const winner = (await results.find((r) => r.status === 200)?.json()) as ApiArticle;
    const stored = (await (await request(`/api/v1/articles/${article.id}`)).json()) as ApiArticle;
    expect(stored.title).toBe(winner.title);
    expect(stored.version).toBe(2);
    expect(await count("select count(*) as n from article_revisions where article_id = ?", article.id)).toBe(
      2,
    );
  });

  it("writes a revision per change, each restorable as a snapshot", async () => {
    const { secret } = await mintToken();
    const article = await createArticle(secret, chineseArticle());
    await patchArticle(secret, article.id, `"a${article.id}-v1"`, { subtitle: null, tags: ["改"] });
    const auth = { headers: { authorization: `Bearer ${secret}` } };
    const list = (await (await request(`/api/v1/articles/${article.id}/revisions`, auth)).json()) as {
      items: { version: number; action: string }[];
    };
    expect(list.items.map((r) => [r.version, r.action])).toEqual([
      [1, "create"],
      [2, "update"],
    ]);
    const first = (await (await request(`/api/v1/articles/${article.id}/revisions/1`, auth)).json()) as {
      article: ApiArticle;
    };
    expect(first.article.subtitle).toBe(chineseArticle().subtitle);
    expect(first.article.tags).toEqual(chineseArticle().tags);
  });

  it("keeps old slugs resolving and refuses a slug another article holds", async () => {
    const { secret } = await mintToken();
    const a = await createArticle(secret, chineseArticle({ slug: "first-slug" }));
    const b = await createArticle(secret, englishArticle({ slug: "other-slug" }));
    expect((await patchArticle(secret, a.id, `"a${a.id}-v1"`, { slug: "second-slug" })).status).toBe(200);
    const viaOld = (await (await request("/api/v1/articles/first-slug")).json()) as ApiArticle;
    expect(viaOld.id).toBe(a.id);
    expect(viaOld.slug).toBe("second-slug");
    expect((await patchArticle(secret, b.id, `"a${b.id}-v1"`, { slug: "first-slug" })).status).toBe(409);
    expect(
      (await jsonRequest("POST", "/api/v1/articles", secret, draftArticle({ slug: "second-slug" }))).status,
    ).toBe(409);
  });

  it("re-derives a derived summary when the body changes, keeps an editor's summary", async () => {
    const { secret } = await mintToken();
    const derived = await createArticle(secret, chineseArticle({ summary: undefined }));
    const res = await patchArticle(secret, derived.id, `"a${derived.id}-v1"`, {
      body: "<p>全新的正文内容。</p>",
    });
    expect(((await res.json()) as ApiArticle).summary).toBe("全新的正文内容。");
    const given = await createArticle(secret, chineseArticle({ summary: "编辑写的摘要" }));
    const res2 = await patchArticle(secret, given.id, `"a${given.id}-v1"`, { body: "<p>别的正文。</p>" });
    expect(((await res2.json()) as ApiArticle).summary).toBe("编辑写的摘要");
  });
});

describe("Idempotency-Key on POST /api/v1/articles", () => {
  it("answers a retry with the same article and creates nothing twice", async () => {
    const { secret } = await mintToken();
    const headers = { "idempotency-key": "create-42" };
    const first = await jsonRequest("POST", "/api/v1/articles", secret, chineseArticle(), headers);
    const again = await jsonRequest("POST", "/api/v1/articles", secret, chineseArticle(), headers);
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.headers.get("location")).toBe(first.headers.get("location"));
    expect(await again.json()).toEqual(await first.json());
    expect(await count("select count(*) as n from articles")).toBe(1);
  });

  it("refuses the same key with a different body (422) and writes nothing", async () => {
    const { secret } = await mintToken();
    const headers = { "idempotency-key": "create-43" };
    await jsonRequest("POST", "/api/v1/articles", secret, chineseArticle(), headers);
    const res = await jsonRequest(
      "POST",
      "/api/v1/articles",
      secret,
      chineseArticle({ title: "别的" }),
      headers,
    );
    expect(res.status).toBe(422);
    expect(((await res.json()) as { type: string }).type).toBe("/problems/idempotency-key-reused");
    expect(await count("select count(*) as n from articles")).toBe(1);
  });

  it("creates exactly one article from concurrent requests with one key", async () => {
    const { secret } = await mintToken();
    const headers = { "idempotency-key": "burst-1" };
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        jsonRequest("POST", "/api/v1/articles", secret, chineseArticle(), headers),
      ),
    );
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 201]);
    const ids = new Set(await Promise.all(results.map(async (r) => ((await r.json()) as ApiArticle).id)));
    expect(ids.size).toBe(1);
    expect(await count("select count(*) as n from articles")).toBe(1);
  });

  it("scopes keys to the token", async () => {
    const a = await mintToken();
    const b = await mintToken();
    const headers = { "idempotency-key": "shared-key" };
    await jsonRequest("POST", "/api/v1/articles", a.secret, draftArticle(), headers);
    await jsonRequest("POST", "/api/v1/articles", b.secret, draftArticle(), headers);
    expect(await count("select count(*) as n from articles")).toBe(2);
  });
});

describe("racing creates", () => {
  it("lets exactly one of several concurrent creates with the same slug win; the others get 409", async () => {
    const { secret } = await mintToken();
    const results = await Promise.all(
      ["甲", "乙", "丙", "丁", "戊"].map((who) =>
        jsonRequest(
          "POST",
          "/api/v1/articles",
          secret,
          chineseArticle({ slug: "same-slug", title: `${who}的稿件` }),
        ),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    const loser = results.find((r) => r.status === 409);
    if (!loser) throw new Error("no 409 answer");
    expect(((await loser.json()) as { errors: { pointer: string }[] }).errors[0]?.pointer).toBe("/slug");
    expect(await count("select count(*) as n from articles")).toBe(1);
    expect(await count("select count(*) as n from article_revisions")).toBe(1);
    expect(await count("select count(*) as n from article_scopes")).toBe(6);
  });
});

describe("DELETE and restore", () => {
  it("soft-deletes: gone from public reads (410), kept for editors, restorable", async () => {
    const { secret } = await mintToken();
    const article = await createArticle(secret, chineseArticle({ slug: "to-delete" }));
    const del = await request(`/api/v1/articles/${article.id}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(del.status).toBe(204);
    expect((await request("/api/v1/articles/to-delete")).status).toBe(410);
    const list = (await (await request("/api/v1/articles")).json()) as { items: ApiArticle[] };
    expect(list.items.map((a) => a.id)).not.toContain(article.id);
    const editorView = (await (
      await request(`/api/v1/articles/${article.id}`, { headers: { authorization: `Bearer ${secret}` } })
    ).json()) as ApiArticle;
    expect(editorView.deletedAt).not.toBeNull();
    const restore = await request(`/api/v1/articles/${article.id}/restore`, {
      method: "POST",
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(restore.status).toBe(200);
    expect((await request("/api/v1/articles/to-delete")).status).toBe(200);
    expect(await count("select count(*) as n from article_revisions where article_id = ?", article.id)).toBe(
      3,
    );
  });
});
