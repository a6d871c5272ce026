// Workers Caching in front of the Worker (docs/scaling.md): every public document names what it
// shows in Cache-Tag, and every write purges, through ctx.cache, a tag of each document it changed.
// workerd here has no ctx.cache, so the tests hand the Worker an execution context that has one.
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import worker from "../../../src/index";
import { formatRfc3339 } from "../../../src/lib/time";
import { chineseArticle } from "../../fixtures/articles";
import { resetDatabase } from "../support/database";
import { type ApiArticle, jsonInit, mintToken, ORIGIN, request } from "../support/helpers";

beforeEach(resetDatabase);

interface Purges {
  calls: string[][];
  all: () => Set<string>;
}

function cacheContext(): { ctx: ExecutionContext; purges: Purges; done: () => Promise<void> } {
  const inner = createExecutionContext();
  const calls: string[][] = [];
  const ctx = {
    waitUntil: (work: Promise<unknown>) => inner.waitUntil(work),
    passThroughOnException: () => {},
    props: {},
    cache: {
      purge: async ({ tags }: CachePurgeOptions) => {
        calls.push(tags ?? []);
        return { success: true, errors: [] };
      },
    },
  } as unknown as ExecutionContext;
  return {
    ctx,
    purges: { calls, all: () => new Set(calls.flat()) },
    done: () => waitOnExecutionContext(inner),
  };
}

/** A write through the Worker with a cache in front; returns what it purged. */
async function writeWithCache(path: string, init: RequestInit) {
  const { ctx, purges, done } = cacheContext();
  const res = await worker.fetch(new Request(new URL(path, ORIGIN), init), env, ctx);
  await done();
  return { res, purges };
}

const tagsOf = (res: Response) => (res.headers.get("cache-tag") ?? "").split(",").filter(Boolean);

const at = (offsetMs: number) => formatRfc3339(Math.floor((Date.now() + offsetMs) / 1000) * 1000, 480);

const ARTICLE = chineseArticle({
  section: ["国内", "社会"],
  tags: ["基层治理"],
  authors: [{ name: "林晓舟" }],
});

function surfaces(article: ApiArticle): string[] {
  const month = article.publishedAt?.slice(0, 7) ?? "";
  const q = encodeURIComponent("网格");
  return [
    `/articles/${article.slug}`,
    "/",
    `/section/${encodeURIComponent("国内")}/${encodeURIComponent("社会")}`,
    `/tag/${encodeURIComponent("基层治理")}`,
    `/author/${encodeURIComponent("林晓舟")}`,
    "/feed.xml",
    `/tag/${encodeURIComponent("基层治理")}/atom.xml`,
    `/section/${encodeURIComponent("国内")}/feed.json`,
    `/archive/${month}/feed.xml`,
    "/sitemap.xml",
    "/sitemaps/articles-1.xml",
    "/api/v1/articles",
    `/api/v1/articles?tag=${encodeURIComponent("基层治理")}`,
    `/api/v1/articles?updatedSince=${encodeURIComponent("2000-01-01T00:00:00Z")}`,
    `/api/v1/articles/${article.id}`,
    `/api/v1/articles/${article.slug}`,
    `/search?q=${q}`,
    `/search/feed.xml?q=${q}`,
    `/api/v1/articles?q=${q}`,
  ];
}

describe("Cache-Tag and purge (Workers Caching)", () => {
  it("an edit purges a tag of every public document that shows the article, 200s and 304s alike", async () => {
    const { secret } = await mintToken();
    const created = await writeWithCache("/api/v1/articles", jsonInit("POST", secret, ARTICLE));
    expect(created.res.status).toBe(201);
    const article = (await created.res.json()) as ApiArticle;
    // A new public article is a change too.
    expect(created.purges.calls.length).toBeGreaterThan(0);

    const tagged = new Map<string, string[]>();
    for (const path of surfaces(article)) {
      const res = await request(path);
      expect(res.status, path).toBe(200);
      await res.arrayBuffer();
      expect(tagsOf(res), path).not.toEqual([]);
      tagged.set(path, tagsOf(res));
      const etag = res.headers.get("etag");
      if (etag) {
        const again = await request(path, { headers: { "if-none-match": etag } });
        if (again.status === 304) expect(tagsOf(again), `${path} 304`).toEqual(tagsOf(res));
      }
    }

    const edit = await writeWithCache(
      `/api/v1/articles/${article.id}`,
      jsonInit("PATCH", secret, { title: "网格员的一天" }, { "if-match": `"a${article.id}-v1"` }),
    );
    expect(edit.res.status).toBe(200);
    const purged = edit.purges.all();
    for (const [path, tags] of tagged) {
      expect(
        tags.some((tag) => purged.has(tag)),
        `${path} (${tags.join(",")})`,
      ).toBe(true);
    }
    for (const call of edit.purges.calls) expect(call.length).toBeLessThanOrEqual(30);
  });

  it("a draft's edits purge nothing; unpublishing purges the pages that showed it", async () => {
    const { secret } = await mintToken();
    const draft = await writeWithCache(
      "/api/v1/articles",
      jsonInit("POST", secret, { ...ARTICLE, status: "draft", slug: "draft-one" }),
    );
    expect(draft.res.status).toBe(201);
    expect(draft.purges.calls).toEqual([]);
    const { id } = (await draft.res.json()) as ApiArticle;
    const edited = await writeWithCache(
      `/api/v1/articles/${id}`,
      jsonInit("PATCH", secret, { title: "仍是草稿" }, { "if-match": `"a${id}-v1"` }),
    );
    expect(edited.res.status).toBe(200);
    expect(edited.purges.calls).toEqual([]);

    const published = await writeWithCache(
      "/api/v1/articles",
      jsonInit("POST", secret, { ...ARTICLE, slug: "public-one" }),
    );
    const shown = (await published.res.json()) as ApiArticle;
    const page = await request(`/articles/${shown.slug}`);
    expect(page.status).toBe(200);
    const pulled = await writeWithCache(
      `/api/v1/articles/${shown.id}`,
      jsonInit("PATCH", secret, { status: "draft" }, { "if-match": `"a${shown.id}-v1"` }),
    );
    expect(pulled.res.status).toBe(200);
    expect(tagsOf(page).every((tag) => pulled.purges.all().has(tag))).toBe(true);
  });

  it("a schedule purges nothing until it comes due; the cron's flip purges the 404 that stood for it", async () => {
    const { secret } = await mintToken();
    const scheduled = await writeWithCache(
      "/api/v1/articles",
      jsonInit("POST", secret, {
        ...ARTICLE,
        status: "scheduled",
        publishedAt: at(3_600_000),
        slug: "later",
      }),
    );
    expect(scheduled.res.status).toBe(201);
    expect(scheduled.purges.calls).toEqual([]);
    const before = await request("/articles/later");
    expect(before.status).toBe(404);
    const apiBefore = await request("/api/v1/articles/later");
    expect(apiBefore.status).toBe(404);
    expect(tagsOf(before)).not.toEqual([]);

    const { ctx, purges, done } = cacheContext();
    const controller = createScheduledController({
      scheduledTime: Date.now() + 7_200_000,
      cron: "* * * * *",
    });
    await worker.scheduled(controller, env, ctx);
    await done();
    const purged = purges.all();
    expect(tagsOf(before).every((tag) => purged.has(tag))).toBe(true);
    expect(tagsOf(apiBefore).every((tag) => purged.has(tag))).toBe(true);
  });

  it("without a cache in front nothing is purged and nothing fails", async () => {
    const { secret } = await mintToken();
    const inner = createExecutionContext();
    const res = await worker.fetch(
      new Request(new URL("/api/v1/articles", ORIGIN), jsonInit("POST", secret, ARTICLE)),
      env,
      inner,
    );
    await waitOnExecutionContext(inner);
    expect(res.status).toBe(201);
  });
});
