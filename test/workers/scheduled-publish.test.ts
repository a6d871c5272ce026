import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import worker from "../../src/index";
import { formatRfc3339 } from "../../src/lib/time";
import { chineseArticle, englishArticle } from "../fixtures/articles";
import { resetDatabase } from "./support/database";
import { type ApiArticle, createArticle, mintToken, request } from "./support/helpers";

beforeEach(resetDatabase);
afterEach(() => vi.restoreAllMocks());

async function runCron(scheduledTime = Date.now()) {
  const controller = createScheduledController({ scheduledTime, cron: "* * * * *" });
  const ctx = createExecutionContext();
  await worker.scheduled(controller, env, ctx);
  await waitOnExecutionContext(ctx);
}

const at = (offsetMs: number) => formatRfc3339(Math.floor((Date.now() + offsetMs) / 1000) * 1000, 480);

async function editorView(secret: string, id: number) {
  const res = await request(`/api/v1/articles/${id}`, { headers: { authorization: `Bearer ${secret}` } });
  return (await res.json()) as ApiArticle;
}

async function revisions(id: number) {
  const { results } = await env.DB.prepare(
    "select version, action, token_id as tokenId from article_revisions where article_id = ? order by version",
  )
    .bind(id)
    .all<{ version: number; action: string; tokenId: string | null }>();
  return results;
}

describe("scheduled handler (Cron Trigger)", () => {
  it("flips due scheduled articles to published with a revision, once, and leaves the rest alone", async () => {
    const { secret } = await mintToken();
    const due = await createArticle(
      secret,
      chineseArticle({ status: "scheduled", publishedAt: at(-60_000) }),
    );
    const later = await createArticle(
      secret,
      englishArticle({ status: "scheduled", publishedAt: at(3_600_000) }),
    );
    const draft = await createArticle(secret, englishArticle({ status: "draft", slug: "a-draft" }));
    const deleted = await createArticle(
      secret,
      englishArticle({ status: "scheduled", publishedAt: at(-60_000), slug: "gone" }),
    );
    await request(`/api/v1/articles/${deleted.id}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${secret}` },
    });

    await runCron();
    const flipped = await editorView(secret, due.id);
    expect(flipped.status).toBe("published");
    expect(flipped.publishedAt).toBe(due.publishedAt);
    expect(flipped.version).toBe(2);
    expect(flipped.updatedBy).toBe("system:scheduler");
    expect(await revisions(due.id)).toEqual([
      { version: 1, action: "create", tokenId: expect.any(String) },
      { version: 2, action: "update", tokenId: "system:scheduler" },
    ]);
    expect((await editorView(secret, later.id)).status).toBe("scheduled");
    expect((await editorView(secret, draft.id)).status).toBe("draft");
    expect((await editorView(secret, deleted.id)).status).toBe("scheduled");

    await runCron();
    expect(await revisions(due.id)).toHaveLength(2);
  });

  it("catches up with articles whose time came while runs were missed", async () => {
    const { secret } = await mintToken();
    const later = await createArticle(
      secret,
      englishArticle({ status: "scheduled", publishedAt: at(3_600_000) }),
    );
    await runCron(Date.now() + 2 * 3_600_000);
    expect((await editorView(secret, later.id)).status).toBe("published");
  });

  it("pings the WebSub hub with the feeds the article appears in", async () => {
    const { secret } = await mintToken();
    await createArticle(secret, chineseArticle({ status: "scheduled", publishedAt: at(-1_000) }));
    const calls: { url: string; body: string }[] = [];
    const realFetch = globalThis.fetch;
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (url.startsWith("https://hub.example.com/")) {
        calls.push({ url, body: String(init?.body ?? "") });
        return new Response(null, { status: 204 });
      }
      return realFetch(input, init);
    });
    await runCron();
    expect(calls.length).toBeGreaterThan(0);
    const topics = calls.flatMap((c) => new URLSearchParams(c.body).getAll("hub.url"));
    expect(topics).toContain("https://news.example.com/feed.xml");
    expect(topics).toContain(`https://news.example.com/tag/${encodeURIComponent("社区")}/atom.xml`);
    calls.length = 0;
    await runCron();
    expect(calls).toHaveLength(0);
  });
});
