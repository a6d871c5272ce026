import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { feedDocuments } from "../../src/db/isolate-cache";
import { chineseArticle, draftArticle } from "../fixtures/articles";
import { FORMATS, type Format, feedPath } from "./support/feed-helpers";
import type { ApiArticle } from "./support/helpers";
import { createArticle, jsonRequest, mintToken, patchArticle, request } from "./support/helpers";

const TAG = "/tag/社区";
let token: string;
let published: ApiArticle;
let draft: ApiArticle;

beforeAll(async () => {
  token = (await mintToken()).secret;
  published = await createArticle(token, chineseArticle({ slug: "grid", tags: ["社区"] }));
  draft = await createArticle(token, draftArticle({ slug: "draft", tags: ["社区"] }));
});

afterEach(() => vi.restoreAllMocks());

const etagOf = async (path: string) => (await request(path)).headers.get("etag");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(FORMATS)("%s conditional GET", (format: Format) => {
  const path = feedPath(TAG, format);

  it("answers 304 to If-None-Match and to If-Modified-Since, with the validators and no body", async () => {
    const first = await request(path);
    expect(first.status).toBe(200);
    const etag = first.headers.get("etag") ?? "";
    const lastModified = first.headers.get("last-modified") ?? "";
    expect(etag).toMatch(/^"[0-9a-z]+-[0-9a-f]{8}"$/);
    expect(new Date(lastModified).toUTCString()).toBe(lastModified);
    expect(first.headers.get("cache-control")).toBe(
      "public, max-age=300, stale-while-revalidate=600, stale-if-error=86400",
    );

    const cases: Record<string, string>[] = [
      { "if-none-match": etag },
      { "if-none-match": `W/${etag}` },
      { "if-none-match": `"other", ${etag}` },
      { "if-none-match": "*" },
      { "if-modified-since": lastModified },
      { "if-modified-since": new Date(Date.parse(lastModified) + 60_000).toUTCString() },
    ];
    for (const headers of cases) {
      const res = await request(path, { headers });
      expect(res.status, JSON.stringify(headers)).toBe(304);
      expect(await res.text()).toBe("");
      expect(res.headers.get("etag")).toBe(etag);
      expect(res.headers.get("last-modified")).toBe(lastModified);
      expect(res.headers.get("cache-control")).toContain("max-age=300");
      expect(res.headers.get("link")).toContain('rel="hub"');
    }
  });

  it("lets If-None-Match take precedence over If-Modified-Since (RFC 9110 §13.2.2)", async () => {
    const first = await request(path);
    const lastModified = first.headers.get("last-modified") ?? "";
    const res = await request(path, {
      headers: { "if-none-match": '"stale"', "if-modified-since": lastModified },
    });
    expect(res.status).toBe(200);
    const older = new Date(Date.parse(lastModified) - 1000).toUTCString();
    expect((await request(path, { headers: { "if-modified-since": older } })).status).toBe(200);
    expect((await request(path, { headers: { "if-modified-since": "not a date" } })).status).toBe(200);
  });

  it("decides 304 with at most one query and without listing articles", async () => {
    const etag = await etagOf(path);
    const prepare = vi.spyOn(env.DB, "prepare");
    const res = await request(path, { headers: { "if-none-match": etag ?? "" } });
    expect(res.status).toBe(304);
    const statements = prepare.mock.calls.map((call) => String(call[0]));
    // None while this isolate's validator memo is fresh (src/db/isolate-cache.ts).
    expect(statements.length).toBeLessThanOrEqual(1);
    for (const statement of statements) {
      expect(statement).toMatch(/^select\s+\(select max\("article_scopes"\."public_changed_at"\)/);
    }
  });
});

describe("validator changes", () => {
  const etags = () => Promise.all(FORMATS.map((f) => etagOf(feedPath(TAG, f))));

  it("changes when a published article is edited", async () => {
    const before = await etags();
    const res = await patchArticle(token, published.id, `"a${published.id}-v${published.version}"`, {
      summary: "新的摘要",
    });
    expect(res.status).toBe(200);
    published = (await res.json()) as ApiArticle;
    const after = await etags();
    after.forEach((etag, i) => {
      expect(etag).not.toBe(before[i]);
    });
    for (const format of FORMATS) {
      const res304 = await request(feedPath(TAG, format), {
        headers: { "if-none-match": before[FORMATS.indexOf(format)] ?? "" },
      });
      expect(res304.status).toBe(200);
    }
  });

  it("does not change when a draft in the same scope is edited", async () => {
    const before = await etags();
    const res = await patchArticle(token, draft.id, `"a${draft.id}-v${draft.version}"`, {
      title: "草稿改了",
    });
    expect(res.status).toBe(200);
    draft = (await res.json()) as ApiArticle;
    expect(await etags()).toEqual(before);
  });

  it("changes when a scheduled article's time comes, and the article appears", async () => {
    const soon = new Date(Date.now() + 1500).toISOString();
    await createArticle(
      token,
      chineseArticle({ slug: "soon", status: "scheduled", publishedAt: soon, tags: ["社区"] }),
    );
    const before = await etags();
    const json = await (await request(feedPath(TAG, "json"))).json<{ items: { url: string }[] }>();
    expect(json.items.map((i) => i.url)).not.toContain("https://news.example.com/articles/soon");
    await sleep(1700);
    const after = await etags();
    after.forEach((etag, i) => {
      expect(etag).not.toBe(before[i]);
    });
    const due = await (await request(feedPath(TAG, "json"))).json<{ items: { url: string }[] }>();
    expect(due.items.map((i) => i.url)).toContain("https://news.example.com/articles/soon");
  });

  it("changes when a public article that was rescheduled comes back at its new time", async () => {
    const back = await createArticle(token, chineseArticle({ slug: "back", tags: ["社区"] }));
    const soon = new Date(Date.now() + 1500).toISOString();
    const res = await patchArticle(token, back.id, `"a${back.id}-v${back.version}"`, {
      status: "scheduled",
      publishedAt: soon,
    });
    expect(res.status).toBe(200);
    const before = await etags();
    await sleep(1700);
    const after = await etags();
    after.forEach((etag, i) => {
      expect(etag).not.toBe(before[i]);
    });
  });

  it("changes when an article leaves the scope or is deleted", async () => {
    const before = await etags();
    const res = await patchArticle(token, published.id, `"a${published.id}-v${published.version}"`, {
      tags: ["别的"],
    });
    expect(res.status).toBe(200);
    const moved = await etags();
    moved.forEach((etag, i) => {
      expect(etag).not.toBe(before[i]);
    });
    const doomed = await createArticle(token, chineseArticle({ slug: "doomed", tags: ["社区"] }));
    const withDoomed = await etags();
    const del = await jsonRequest("DELETE", `/api/v1/articles/${doomed.id}`, token, "");
    expect(del.status).toBe(204);
    const afterDelete = await etags();
    afterDelete.forEach((etag, i) => {
      expect(etag).not.toBe(withDoomed[i]);
    });
    const json = await (await request(feedPath(TAG, "json"))).json<{ items: { url: string }[] }>();
    expect(json.items.map((i) => i.url)).not.toContain("https://news.example.com/articles/doomed");
  });
});

describe("edge cache", () => {
  it("serves the second request from the cache and misses after a change (validator in the key)", async () => {
    const path = feedPath("", "atom");
    const first = await request(path);
    const body = await first.text();
    const second = await request(path);
    expect(second.headers.get("x-edge-cache")).toBe("hit");
    expect(await second.text()).toBe(body);
    expect(second.headers.get("etag")).toBe(first.headers.get("etag"));
    await createArticle(
      token,
      chineseArticle({ slug: "cache-buster", publishedAt: "2021-01-01T08:00:00+08:00" }),
    );
    const third = await request(path);
    expect(third.headers.get("x-edge-cache")).toBe("miss");
    expect(await third.text()).toContain("/articles/cache-buster");
  });

  it("takes the content type from each request's Accept, on isolate and edge cache hits alike", async () => {
    const path = `${feedPath("", "rss")}?limit=9`;
    const browser = {
      headers: { accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" },
    };
    const reader = { headers: { accept: "application/rss+xml, */*;q=0.1" } };
    const answers: [Response, string][] = [];
    const fetchAs = async (init: RequestInit, expected: string) => {
      const res = await request(path, init);
      answers.push([res, expected]);
      return { cache: res.headers.get("x-edge-cache"), body: await res.text() };
    };
    const first = await fetchAs(browser, "application/xml");
    expect(first.cache).toBe("miss");
    // The isolate's memory answers the next two.
    expect(await fetchAs(reader, "application/rss+xml")).toEqual({ cache: "hit", body: first.body });
    expect(await fetchAs(browser, "application/xml")).toEqual({ cache: "hit", body: first.body });
    // Emptied isolate memory: caches.default answers, holding the browser variant's stored response.
    feedDocuments.setBudget(0);
    expect(await fetchAs(reader, "application/rss+xml")).toEqual({ cache: "hit", body: first.body });
    feedDocuments.setBudget(0);
    expect(await fetchAs(browser, "application/xml")).toEqual({ cache: "hit", body: first.body });
    for (const [res, expected] of answers) {
      expect(res.headers.get("content-type")).toBe(`${expected}; charset=utf-8`);
      expect(res.headers.get("vary")).toBe("Accept");
    }
  });

  it("never fails a request because the cache fails; failures are logged", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    vi.spyOn(caches.default, "match").mockRejectedValue(new Error("cache down"));
    vi.spyOn(caches.default, "put").mockRejectedValue(new Error("cache full"));
    const res = await request(`${feedPath("", "rss")}?limit=7`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("<rss");
    await sleep(20);
    const events = log.mock.calls.map((call) => String(call[0]));
    expect(events.some((e) => e.includes("feed.cache.read_failed"))).toBe(true);
    expect(events.some((e) => e.includes("feed.cache.write_failed"))).toBe(true);
  });
});
