import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { siteFromEnv } from "../../../src/lib/site";
import { PAGE_RENDER_VERSION, pageRenderKey } from "../../../src/routes/html-response";
import { articlePageEtag } from "../../../src/routes/pages";
import { chineseArticle } from "../../fixtures/articles";
import { appRequest } from "../support/fault-env";
import {
  type ApiArticle,
  createArticle,
  jsonRequest,
  mintToken,
  patchArticle,
  request,
} from "../support/helpers";
import { etagOf, revalidate, sleep } from "./support";

// Scheduled and ageing moments lie this far ahead, so a loaded machine still reads the "before" state in
// time; each test checks that it did.
const LEAD_MS = 6000;

// Every cached public surface answers 304 to its own validator and changes validator exactly when
// its bytes would: edits, schedules coming due, pulls, deletes, site config and template versions.

let token: string;
beforeAll(async () => {
  token = (await mintToken()).secret;
});

const listings = (tag: string, author: string) => [
  "/",
  `/tag/${encodeURIComponent(tag)}`,
  `/author/${encodeURIComponent(author)}`,
  `/section/${encodeURIComponent("深度报道")}`,
  "/sitemap.xml",
  "/sitemaps/articles-1.xml",
  "/api/v1/articles",
  `/api/v1/articles?tag=${encodeURIComponent(tag)}`,
  "/api/v1/articles?updatedSince=2000-01-01T00:00:00Z",
];

async function snapshot(paths: string[]) {
  const out: { path: string; etag: string; body: string }[] = [];
  for (const path of paths) {
    const res = await request(path);
    expect(res.status, path).toBe(200);
    expect(etagOf(res), path).not.toBe("");
    out.push({ path, etag: etagOf(res), body: await res.text() });
  }
  return out;
}

async function expectStill(before: { path: string; etag: string }[]) {
  for (const { path, etag } of before) {
    const res = await revalidate(path, etag);
    expect(res.status, path).toBe(304);
  }
}

async function expectMoved(
  before: { path: string; etag: string; body: string }[],
  shows: (body: string, path: string) => boolean,
) {
  for (const { path, etag } of before) {
    const res = await revalidate(path, etag);
    expect(res.status, path).toBe(200);
    expect(etagOf(res), path).not.toBe(etag);
    expect(shows(await res.text(), path), path).toBe(true);
  }
}

function article(name: string, overrides: Record<string, unknown> = {}) {
  return chineseArticle({
    slug: `cache-${name}`,
    title: `缓存 ${name}`,
    tags: [`缓存${name}`],
    authors: [{ name: `记者${name}` }],
    ...overrides,
  });
}

const pageOf = (a: ApiArticle) => `/articles/${a.slug}`;
const apiOf = (a: ApiArticle) => `/api/v1/articles/${a.id}`;

describe("listings, sitemaps and API lists", () => {
  it("answer 304 while nothing changes, and change with an edit", async () => {
    const a = await createArticle(token, article("edit"));
    const before = await snapshot(listings("缓存edit", "记者edit"));
    await expectStill(before);
    const patched = await patchArticle(token, a.id, `"a${a.id}-v1"`, { title: "缓存 改过" });
    expect(patched.status).toBe(200);
    // The sitemaps show no titles; their lastmod moves.
    await expectMoved(before, (body) => body.includes("缓存 改过") || body.includes("<lastmod>"));
  });

  it("change when a scheduled article's time comes, with no write", { timeout: 30_000 }, async () => {
    await createArticle(token, article("seed-due"));
    const dueAt = Date.now() + LEAD_MS;
    const soon = new Date(dueAt).toISOString();
    await createArticle(
      token,
      article("due", { status: "scheduled", publishedAt: soon, tags: ["缓存seed-due"] }),
    );
    const before = await snapshot(listings("缓存seed-due", "记者seed-due"));
    expect(before.every((s) => !s.body.includes("cache-due"))).toBe(true);
    expect(Date.now(), "the before state was read in time").toBeLessThan(dueAt);
    await sleep(Math.max(0, dueAt - Date.now()) + 200);
    const paths = before.filter((s) => !s.path.startsWith("/author/"));
    await expectMoved(paths, (body, path) => body.includes("cache-due") || path === "/sitemap.xml");
  });

  it("change when an article is pulled or deleted", async () => {
    await createArticle(token, article("keep", { tags: ["缓存gone"], authors: [{ name: "记者gone" }] }));
    const pulled = await createArticle(
      token,
      article("pull", { tags: ["缓存gone"], authors: [{ name: "记者gone" }] }),
    );
    const deleted = await createArticle(
      token,
      article("del", { tags: ["缓存gone"], authors: [{ name: "记者gone" }] }),
    );
    let before = await snapshot(listings("缓存gone", "记者gone"));
    expect((await patchArticle(token, pulled.id, `"a${pulled.id}-v1"`, { status: "draft" })).status).toBe(
      200,
    );
    await expectMoved(before, (body) => !body.includes("cache-pull"));
    before = await snapshot(listings("缓存gone", "记者gone"));
    expect((await jsonRequest("DELETE", apiOf(deleted), token, undefined)).status).toBe(204);
    await expectMoved(before, (body) => !body.includes("cache-del"));
  });

  it("the news sitemap changes when an article ages out of its 48 hours, with no write", {
    timeout: 30_000,
  }, async () => {
    const agesOutAt = Date.now() + LEAD_MS;
    const leaving = new Date(agesOutAt - 48 * 3600_000).toISOString();
    await createArticle(token, article("aging", { publishedAt: leaving }));
    const [news] = await snapshot(["/sitemaps/news.xml"]);
    expect(news?.body).toContain("cache-aging");
    await expectStill(news ? [news] : []);
    expect(Date.now(), "the before state was read in time").toBeLessThan(agesOutAt);
    await sleep(Math.max(0, agesOutAt - Date.now()) + 1200);
    await expectMoved(news ? [news] : [], (body) => !body.includes("cache-aging"));
  });

  it("change with the site's configuration", async () => {
    await createArticle(token, article("site"));
    for (const path of listings("缓存site", "记者site")) {
      const ours = await request(path);
      const renamed = await appRequest(path, {}, { SITE_TITLE: "另一个站点" });
      expect(renamed.status, path).toBe(200);
      expect(etagOf(renamed), path).not.toBe(etagOf(ours));
      const asked = await appRequest(
        path,
        { headers: { "if-none-match": etagOf(ours) } },
        { SITE_TITLE: "另一个站点" },
      );
      expect(asked.status, path).toBe(200);
    }
  });
});

describe("article pages and the API's articles", () => {
  it("answer 304, then change with an edit; a pull is 404 and a delete 410 at once", async () => {
    const a = await createArticle(token, article("one"));
    const before = await snapshot([pageOf(a), apiOf(a), `/api/v1/articles/${a.slug}`]);
    await expectStill(before);
    expect((await patchArticle(token, a.id, `"a${a.id}-v1"`, { title: "缓存 一改" })).status).toBe(200);
    await expectMoved(before, (body) => body.includes("缓存 一改"));
    const edited = await snapshot([pageOf(a), apiOf(a)]);
    expect((await patchArticle(token, a.id, `"a${a.id}-v2"`, { status: "draft" })).status).toBe(200);
    for (const { path, etag } of edited) expect((await revalidate(path, etag)).status, path).toBe(404);
    expect((await patchArticle(token, a.id, `"a${a.id}-v3"`, { status: "published" })).status).toBe(200);
    const republished = await snapshot([pageOf(a), apiOf(a)]);
    expect((await jsonRequest("DELETE", apiOf(a), token, undefined)).status).toBe(204);
    for (const { path, etag } of republished) expect((await revalidate(path, etag)).status, path).toBe(410);
  });

  it("appear when their schedule comes due, never from a cached 404", { timeout: 30_000 }, async () => {
    const dueAt = Date.now() + LEAD_MS;
    const soon = new Date(dueAt).toISOString();
    const a = await createArticle(token, article("page-due", { status: "scheduled", publishedAt: soon }));
    for (const path of [pageOf(a), apiOf(a)]) expect((await request(path)).status, path).toBe(404);
    expect(Date.now(), "the before state was read in time").toBeLessThan(dueAt);
    await sleep(Math.max(0, dueAt - Date.now()) + 1200);
    for (const path of [pageOf(a), apiOf(a)]) {
      const res = await request(path);
      expect(res.status, path).toBe(200);
      expect(await res.text(), path).toContain("缓存 page-due");
    }
  });

  it("change with the site's configuration and with the template version", async () => {
    const a = await createArticle(token, article("render"));
    for (const path of [pageOf(a), apiOf(a)]) {
      const ours = await request(path);
      const renamed = await appRequest(
        path,
        { headers: { "if-none-match": etagOf(ours) } },
        { SITE_TITLE: "另一个站点" },
      );
      expect(renamed.status, path).toBe(200);
      expect(etagOf(renamed), path).not.toBe(etagOf(ours));
    }
    const site = siteFromEnv(env);
    const served = etagOf(await request(pageOf(a)));
    const state = { id: a.id, version: a.version };
    expect(served).toBe(articlePageEtag(state, pageRenderKey(site)));
    expect(articlePageEtag(state, pageRenderKey(site, `${PAGE_RENDER_VERSION}+1`))).not.toBe(served);
  });
});
