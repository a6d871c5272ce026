// Faults in the dependencies: D1 outages and failing batches, a dead WebSub hub, a broken edge cache.
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { chineseArticle, draftArticle } from "../fixtures/articles";
import { dumpDatabase } from "./support/database";
import { appRequest, transientD1Error, wrapDb } from "./support/fault-env";
import { createArticle, jsonInit, jsonRequest, mintToken, request } from "./support/helpers";
import { expectNoLeak } from "./support/hostile-kit";

afterEach(() => vi.restoreAllMocks());

const quiet = () => vi.spyOn(console, "error").mockImplementation(() => {});

function loggedEvents(spy: ReturnType<typeof quiet>) {
  return spy.mock.calls.map((call) => JSON.parse(String(call[0])) as Record<string, unknown>);
}

async function expect503(res: Response) {
  expect(res.status).toBe(503);
  expect(res.headers.get("retry-after")).toMatch(/^\d+$/);
  expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  const text = await res.text();
  expect(JSON.parse(text)).toMatchObject({ status: 503, type: "/problems/service-unavailable" });
  expect(text).not.toMatch(/Network connection lost|D1|stack/i);
  expectNoLeak(text);
}

const batchDown = () => wrapDb({ batch: () => Promise.reject(transientD1Error()) });

describe("D1 outage → 503 problem, nothing written", () => {
  it("create, patch, delete and restore all answer 503 with Retry-After when the batch fails", async () => {
    const errors = quiet();
    const { secret } = await mintToken();
    const article = await createArticle(secret, chineseArticle({ slug: "fault-outage" }));
    const deleted = await createArticle(secret, draftArticle({ slug: "fault-outage-deleted" }));
    await request(`/api/v1/articles/${deleted.id}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${secret}` },
    });
    const before = await dumpDatabase();
    const DB = batchDown();
    const auth = { authorization: `Bearer ${secret}` };
    await expect503(await appRequest("/api/v1/articles", jsonInit("POST", secret, chineseArticle()), { DB }));
    await expect503(
      await appRequest(
        `/api/v1/articles/${article.id}`,
        jsonInit("PATCH", secret, { title: "改" }, { "if-match": "*" }),
        {
          DB,
        },
      ),
    );
    await expect503(
      await appRequest(`/api/v1/articles/${article.id}`, { method: "DELETE", headers: auth }, { DB }),
    );
    await expect503(
      await appRequest(`/api/v1/articles/${deleted.id}/restore`, { method: "POST", headers: auth }, { DB }),
    );
    expect(await dumpDatabase()).toBe(before);
    expect(loggedEvents(errors).filter((e) => e.event === "d1.error")).toHaveLength(4);
  });

  it("a database that is down for every statement gives 503 on reads and writes, not 500", async () => {
    quiet();
    const { secret } = await mintToken();
    const before = await dumpDatabase();
    const down = () => Promise.reject(transientD1Error());
    const statement = { bind: () => statement, all: down, raw: down, run: down, first: down };
    const DB = wrapDb({ prepare: () => statement as unknown as D1PreparedStatement, batch: down });
    await expect503(await appRequest("/api/v1/articles", jsonInit("POST", secret, draftArticle()), { DB }));
    await expect503(await appRequest("/api/v1/articles", {}, { DB }));
    await expect503(await appRequest("/api/v1/articles/some-slug", {}, { DB }));
    expect(await dumpDatabase()).toBe(before);
  });
});

describe("a batch is all or nothing", () => {
  // Appended after the real statements, so everything before it has already run inside the batch.
  const failLast = () =>
    wrapDb({
      batch: (statements: D1PreparedStatement[]) =>
        env.DB.batch([
          ...statements,
          env.DB.prepare("insert into article_slugs (slug, article_id, created_at) values (null, 0, 0)"),
        ]),
    });

  it("a create whose last statement fails leaves no article, slug, scope or revision row", async () => {
    quiet();
    const { secret } = await mintToken();
    const before = await dumpDatabase();
    const res = await appRequest(
      "/api/v1/articles",
      jsonInit("POST", secret, chineseArticle({ slug: "fault-half-create" }), { "idempotency-key": "k-1" }),
      { DB: failLast() },
    );
    expect(res.status).toBe(500);
    expectNoLeak(await res.text());
    expect(await dumpDatabase()).toBe(before);
    const counts = await env.DB.prepare(
      `select (select count(*) from articles where slug = 'fault-half-create') as articles,
              (select count(*) from article_slugs where slug = 'fault-half-create') as slugs,
              (select count(*) from idempotency_keys where key = 'k-1') as keys`,
    ).first();
    expect(counts).toEqual({ articles: 0, slugs: 0, keys: 0 });
  });

  it("an edit whose last statement fails leaves the article, slugs and scopes as they were", async () => {
    quiet();
    const { secret } = await mintToken();
    const article = await createArticle(secret, chineseArticle({ slug: "fault-half-edit" }));
    const before = await dumpDatabase();
    const patch = { slug: "fault-half-edit-renamed", tags: ["新标签"], title: "改" };
    const res = await appRequest(
      `/api/v1/articles/${article.id}`,
      jsonInit("PATCH", secret, patch, { "if-match": `"a${article.id}-v1"` }),
      { DB: failLast() },
    );
    expect(res.status).toBe(500);
    expect(await dumpDatabase()).toBe(before);
  });

  it("a revision that violates its unique index undoes the whole edit (no wrapper involved)", async () => {
    quiet();
    const { secret } = await mintToken();
    const article = await createArticle(secret, chineseArticle({ slug: "fault-revision-clash" }));
    // Squat version 2, so the edit's final statement (its revision insert) hits the unique index.
    await env.DB.prepare(
      "insert into article_revisions (article_id, version, action, undo, created_at) values (?, 2, 'update', '{}', 0)",
    )
      .bind(article.id)
      .run();
    const before = await dumpDatabase();
    const res = await jsonRequest(
      "PATCH",
      `/api/v1/articles/${article.id}`,
      secret,
      { slug: "fault-revision-clash-renamed", section: ["别处"] },
      { "if-match": `"a${article.id}-v1"` },
    );
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({ status: 500, detail: "The error was logged." });
    expectNoLeak(text);
    expect(await dumpDatabase()).toBe(before);
  });
});

describe("a failing WebSub hub never fails the publish", () => {
  const hubCalls = (spy: { mock: { calls: unknown[][] } }) =>
    spy.mock.calls.filter(([url]) => String(url).startsWith("https://hub.example.com/")).length;

  it("hub unreachable: 201, and the failure is logged as one structured line", async () => {
    const errors = quiet();
    const fetch = vi
      .spyOn(globalThis, "fetch")
      .mockRejectedValue(new TypeError("connect ECONNREFUSED 127.0.0.1:9"));
    const { secret } = await mintToken();
    const res = await appRequest("/api/v1/articles", jsonInit("POST", secret, chineseArticle()));
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: number };
    expect(hubCalls(fetch)).toBeGreaterThan(0);
    expect(loggedEvents(errors)).toContainEqual({
      event: "websub.ping.failed",
      articleId: created.id,
      error: "TypeError: connect ECONNREFUSED 127.0.0.1:9",
    });
  });

  it("hub answering 500 on an edit: 200, logged", async () => {
    const { secret } = await mintToken();
    const article = await createArticle(secret, chineseArticle());
    const errors = quiet();
    vi.spyOn(globalThis, "fetch").mockResolvedValue(new Response("down", { status: 500 }));
    const res = await appRequest(
      `/api/v1/articles/${article.id}`,
      jsonInit("PATCH", secret, { title: "更新" }, { "if-match": `"a${article.id}-v1"` }),
    );
    expect(res.status).toBe(200);
    expect(loggedEvents(errors)).toContainEqual({
      event: "websub.ping.failed",
      articleId: article.id,
      error: "Error: hub answered 500",
    });
  });

  it("a hub that never answers does not delay the editor's response", async () => {
    vi.spyOn(globalThis, "fetch").mockImplementation(() => new Promise<Response>(() => {}));
    const { secret } = await mintToken();
    const res = await jsonRequest("POST", "/api/v1/articles", secret, chineseArticle());
    expect(res.status).toBe(201);
  });
});

describe("a failing edge cache never fails a feed", () => {
  it("serves /feed.xml with 200 when caches.default.match and put both throw, and logs both", async () => {
    const { secret } = await mintToken();
    const article = await createArticle(secret, chineseArticle({ title: "缓存故障也照常出刊" }));
    const errors = quiet();
    vi.spyOn(caches.default, "match").mockRejectedValue(new Error("cache unavailable"));
    vi.spyOn(caches.default, "put").mockRejectedValue(new Error("cache unavailable"));
    const res = await appRequest("/feed.xml", {});
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(article.title);
    const events = loggedEvents(errors).map((e) => e.event);
    expect(events).toContain("feed.cache.read_failed");
    expect(events).toContain("feed.cache.write_failed");
  });
});
