import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { chineseArticle, draftArticle } from "../fixtures/articles";
import { resetDatabase } from "./support/database";
import { FORMATS, feedPath } from "./support/feed-helpers";
import type { ApiArticle } from "./support/helpers";
import { createArticle, jsonRequest, mintToken, patchArticle, request } from "./support/helpers";

// An embargoed article (scheduled for later) leaves no public trace before its time, and a schedule
// pulled before its time leaves none at that time either.

const HUB = env.WEBSUB_HUB_URL ?? "";
const SECRET_TAG = "/tag/并购传闻";
const SECRET_AUTHOR = "/author/保密作者";
const SECRET_SECTION = "/section/机密栏目";
const SECRET_SCOPES = [SECRET_TAG, SECRET_AUTHOR, SECRET_SECTION];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sleepUntil = (at: number) => sleep(Math.max(0, at - Date.now()));
// Real time, not a fake clock: the worker reads Date.now(). The lead leaves room for a loaded machine
// to write, pull and read the "before" state while the schedule is still in the future.
const SCHEDULE_LEAD_MS = 6000;
let token: string;

beforeEach(async () => {
  await resetDatabase();
  token = (await mintToken()).secret;
  // A public neighbour, so the site feed and the delta poll have content of their own.
  await createArticle(token, chineseArticle({ slug: "public-neighbour" }));
});
afterEach(() => vi.restoreAllMocks());

function spyHub() {
  return vi.spyOn(globalThis, "fetch").mockImplementation((...args: Parameters<typeof fetch>) => {
    const url = args[0] instanceof Request ? args[0].url : String(args[0]);
    if (url !== HUB) throw new Error(`unexpected outbound fetch to ${url}`);
    return Promise.resolve(new Response(null, { status: 204 }));
  });
}

const embargoed = (publishedAt: string, overrides: Record<string, unknown> = {}) =>
  chineseArticle({
    slug: "merger",
    status: "scheduled",
    publishedAt,
    section: ["机密栏目"],
    tags: ["并购传闻"],
    authors: [{ name: "保密作者" }],
    ...overrides,
  });

/** Everything a reader could observe about the site and the embargoed scopes. */
async function publicState(since: string) {
  const feeds: Record<string, unknown> = {};
  for (const format of FORMATS) {
    const site = await request(feedPath("", format));
    feeds[`site ${format}`] = [site.status, site.headers.get("etag"), site.headers.get("last-modified")];
    for (const scope of SECRET_SCOPES)
      feeds[`${scope} ${format}`] = (await request(feedPath(scope, format))).status;
  }
  const delta = await request(`/api/v1/articles?updatedSince=${encodeURIComponent(since)}`);
  const { items } = (await delta.json()) as { items: { id: number; removed: boolean }[] };
  const pages = await Promise.all(
    ["/", ...SECRET_SCOPES].map(async (path) => {
      const res = await request(path);
      return [path, res.status, res.headers.get("etag")];
    }),
  );
  const sitemap = await Promise.all(
    ["/sitemap.xml", "/sitemaps/articles-1.xml", "/sitemaps/news.xml"].map(async (path) => {
      const res = await request(path);
      return [path, res.status, await res.text()];
    }),
  );
  return { feeds, delta: items.map((i) => [i.id, i.removed]), pages, sitemap };
}

describe("an article scheduled for later", () => {
  it("pings the hub with nothing, not even its feed names, when it is scheduled or edited", async () => {
    const spy = spyHub();
    const created = await createArticle(token, embargoed("2031-06-01T09:00:00+08:00"));
    const edited = await patchArticle(token, created.id, `"a${created.id}-v1"`, {
      tags: ["并购传闻", "合并"],
    });
    expect(edited.status).toBe(200);
    const draft = await createArticle(token, draftArticle({ slug: "later", tags: ["定增"] }));
    const scheduled = await patchArticle(token, draft.id, `"a${draft.id}-v1"`, {
      status: "scheduled",
      publishedAt: "2031-07-01T09:00:00+08:00",
    });
    expect(scheduled.status).toBe(200);
    await sleep(100);
    expect(spy).not.toHaveBeenCalled();
    // Its slug answers exactly like a slug that never existed.
    for (const base of ["/articles/", "/api/v1/articles/"]) {
      const [real, none] = await Promise.all([request(`${base}merger`), request(`${base}no-such-slug`)]);
      expect(real.status).toBe(404);
      expect((await real.text()).replaceAll("merger", "")).toBe(
        (await none.text()).replaceAll("no-such-slug", ""),
      );
    }
  });

  it("pings only the feeds readers could see when a public article is rescheduled into the future", async () => {
    const open = await createArticle(token, chineseArticle({ slug: "open", tags: ["公开"] }));
    const spy = spyHub();
    const res = await patchArticle(token, open.id, `"a${open.id}-v1"`, {
      status: "scheduled",
      publishedAt: "2031-06-01T09:00:00+08:00",
      tags: ["并购传闻"],
    });
    expect(res.status).toBe(200);
    await vi.waitFor(() => expect(spy).toHaveBeenCalled());
    const topics = spy.mock.calls.flatMap(([, init]) =>
      new URLSearchParams(String(init?.body)).getAll("hub.url"),
    );
    expect(topics).toContain("https://news.example.com/tag/%E5%85%AC%E5%BC%80/feed.xml");
    expect(topics.join(" ")).not.toContain(encodeURIComponent("并购传闻"));
  });
});

describe("a schedule pulled before its time", () => {
  it.each([
    ["set back to draft", (a: ApiArticle) => patchArticle(token, a.id, `"a${a.id}-v1"`, { status: "draft" })],
    ["deleted", (a: ApiArticle) => jsonRequest("DELETE", `/api/v1/articles/${a.id}`, token, "")],
    [
      "moved to a later time",
      (a: ApiArticle) =>
        patchArticle(token, a.id, `"a${a.id}-v1"`, { publishedAt: "2031-06-01T09:00:00+08:00" }),
    ],
  ])("changes nothing public at the pulled time when %s", { timeout: 30_000 }, async (_name, pull) => {
    const since = new Date(Date.now() - 1000).toISOString();
    const spy = spyHub();
    const at = Date.now() + SCHEDULE_LEAD_MS;
    const article = await createArticle(token, embargoed(new Date(at).toISOString()));
    expect([200, 204]).toContain((await pull(article)).status);
    const before = await publicState(since);
    const lastModified = (await request(feedPath("", "rss"))).headers.get("last-modified") ?? "";
    expect(Date.now(), "the 'before' state must be read before the scheduled time").toBeLessThan(at);
    await sleepUntil(at + 300);

    const after = await publicState(since);
    expect(after).toEqual(before);
    for (const scope of SECRET_SCOPES) {
      const conditional = await request(feedPath(scope, "atom"), {
        headers: { "if-modified-since": lastModified },
      });
      expect(conditional.status, scope).toBe(404);
    }
    expect(after.delta.map(([id]) => id)).not.toContain(article.id);
    expect(spy).not.toHaveBeenCalled();
  });

  it("still appears at its time when not pulled (the control case)", { timeout: 30_000 }, async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    const at = Date.now() + SCHEDULE_LEAD_MS;
    const article = await createArticle(token, embargoed(new Date(at).toISOString()));
    const before = await publicState(since);
    expect(Date.now(), "the 'before' state must be read before the scheduled time").toBeLessThan(at);
    expect(before.feeds[`${SECRET_TAG} rss`]).toBe(404);
    await sleepUntil(at + 300);
    const after = await publicState(since);
    expect(after.feeds[`${SECRET_TAG} rss`]).toBe(200);
    expect(after.feeds["site rss"]).not.toEqual(before.feeds["site rss"]);
    expect(after.delta).toContainEqual([article.id, false]);
  });
});
