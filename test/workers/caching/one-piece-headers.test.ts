import { env } from "cloudflare:workers";
import { Hono } from "hono";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { AppEnv } from "../../../src/env";
import { PAGE_SECURITY_HEADERS } from "../../../src/lib/security-headers";
import { siteFromEnv } from "../../../src/lib/site";
import { type CachedDocument, serveCachedDocument } from "../../../src/render/cached-document";
import { htmlSecurityHeaders } from "../../../src/routes/html-response";
import { chineseArticle } from "../../fixtures/articles";
import { createArticle, mintToken, request } from "../support/helpers";

// Feeds, article pages and listings build their answer as one Response from one header record
// (CachedDocument.ownsHeaders) instead of a c.header call per header. Hit, miss and 304 must carry
// exactly the headers the c.header path gives: CSP and the other security headers, Vary, Link,
// Cache-Control, Cache-Tag, ETag, Last-Modified; and a read never hands out an x-d1-bookmark.

const SECURITY_NAMES = new Set(PAGE_SECURITY_HEADERS.map(([name]) => name));

const headersOf = (res: Response) =>
  Object.fromEntries([...res.headers].filter(([n]) => n !== "content-length"));

/** What the same answer's 304 carries: no body headers, no security headers (they follow the content type). */
function expected304(full: Record<string, string>): Record<string, string> {
  const html = /^text\/html\b/.test(full["content-type"] ?? "");
  return Object.fromEntries(
    Object.entries(full).filter(
      ([name]) => name !== "content-type" && name !== "x-edge-cache" && !(html && SECURITY_NAMES.has(name)),
    ),
  );
}

let slug: string;
beforeAll(async () => {
  const token = (await mintToken()).secret;
  slug = "one-piece-headers";
  // A new article moves every site-wide validator, so the first request of each path below misses.
  await createArticle(token, chineseArticle({ slug, tags: ["一次成型"] }));
});

describe("public documents: hit, miss and 304 carry the same headers", () => {
  const paths = () => [
    "/feed.xml",
    "/atom.xml",
    "/feed.json",
    "/feed.xml?limit=1",
    `/tag/${encodeURIComponent("一次成型")}/feed.xml`,
    `/articles/${slug}`,
    "/",
    `/tag/${encodeURIComponent("一次成型")}`,
    "/api/v1/articles",
    `/api/v1/articles?tag=${encodeURIComponent("一次成型")}&content=excerpt`,
  ];

  it("the hit repeats the miss but for x-edge-cache; the 304 repeats its validators and policies", async () => {
    for (const path of paths()) {
      const miss = await request(path);
      await miss.arrayBuffer();
      expect(miss.status, path).toBe(200);
      expect(miss.headers.get("x-edge-cache"), path).toBe("miss");
      const hit = await request(path);
      expect(await hit.arrayBuffer(), path).toBeDefined();
      expect(hit.headers.get("x-edge-cache"), path).toBe("hit");
      const full = headersOf(miss);
      expect({ ...headersOf(hit), "x-edge-cache": "miss" }, path).toEqual(full);
      expect(full["x-d1-bookmark"], path).toBeUndefined();

      const notModified = await request(path, { headers: { "if-none-match": full.etag ?? "" } });
      expect(notModified.status, path).toBe(304);
      expect(headersOf(notModified), path).toEqual(expected304(full));
    }
  });

  it("pages carry the page security headers, feeds their Vary, Link and CORS", async () => {
    const page = await request(`/articles/${slug}`);
    const listing = await request("/");
    for (const res of [page, listing]) {
      for (const [name, value] of PAGE_SECURITY_HEADERS) expect(res.headers.get(name), name).toBe(value);
      expect(res.headers.get("cache-control")).toBe("public, max-age=60, stale-while-revalidate=300");
    }
    expect(listing.headers.get("link")).toContain("indieauth-metadata");
    const feed = await request("/feed.xml");
    expect(feed.headers.get("content-security-policy")).toBeNull();
    expect(feed.headers.get("vary")).toBe("Accept");
    expect(feed.headers.get("access-control-allow-origin")).toBe("*");
    expect(feed.headers.get("link")).toContain('<https://news.example.com/feed.xml>; rel="self"');
    expect((await request("/feed.json")).headers.get("vary")).toBeNull();
  });

  it("a request carrying a bookmark gets the same headers, still without a bookmark of its own", async () => {
    const write = await createArticle((await mintToken()).secret, chineseArticle({ slug: "one-piece-bm" }));
    expect(write.id).toBeGreaterThan(0);
    for (const path of [`/articles/${slug}`, "/feed.xml"]) {
      await (await request(path)).arrayBuffer();
      const plain = await request(path);
      expect(plain.headers.get("x-edge-cache"), path).toBe("hit");
      const bookmark = "00000000-00000004-00000000-00000000000000000000000000000000";
      const withBookmark = await request(path, { headers: { "x-d1-bookmark": bookmark } });
      expect(withBookmark.status, path).toBe(200);
      expect(headersOf(withBookmark), path).toEqual(headersOf(plain));
      expect(withBookmark.headers.get("x-d1-bookmark"), path).toBeNull();
    }
  });
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe("a hit and a 304 are built in one piece", () => {
  it("no header is set one by one on a cached feed, page or listing", async () => {
    for (const path of ["/feed.xml", `/articles/${slug}`, `/tag/${encodeURIComponent("一次成型")}`]) {
      const full = await request(path);
      await full.arrayBuffer();
      const set = vi.spyOn(Headers.prototype, "set");
      const hit = await request(path);
      await hit.arrayBuffer();
      const notModified = await request(path, {
        headers: { "if-none-match": full.headers.get("etag") ?? "" },
      });
      expect(hit.headers.get("x-edge-cache"), path).toBe("hit");
      expect(notModified.status, path).toBe(304);
      expect(
        set.mock.calls.map(([name]) => name),
        path,
      ).toEqual([]);
      set.mockRestore();
    }
  });
});

// The same document through serveCachedDocument both ways, in an app with the shell's security middleware.
function twoWayApp(contentType: string) {
  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    c.set("site", siteFromEnv(env));
    await next();
  });
  app.use(htmlSecurityHeaders);
  let renders = 0;
  app.get("/:mode/:doc", (c) => {
    const tags = [`t-${c.req.param("doc")}`];
    c.header("cache-tag", tags.join(","));
    const doc: CachedDocument = {
      path: `/${c.req.param("mode")}/${c.req.param("doc")}`,
      etag: `"v1-${c.req.param("doc")}"`,
      lastModified: Date.UTC(2024, 4, 5, 6, 7, 8),
      cacheControl: "public, max-age=60",
      contentType,
      tags,
      headers: { vary: "Accept", link: '<https://news.example.com/x>; rel="self"' },
      ownsHeaders: c.req.param("mode") === "one-piece",
      render: () => `<p>${++renders}</p>`,
    };
    return serveCachedDocument(c, doc);
  });
  return app;
}

describe("serveCachedDocument: one header record or c.header, the same answer", () => {
  for (const contentType of ["text/html; charset=UTF-8", "application/rss+xml; charset=utf-8"]) {
    it(contentType, async () => {
      const app = twoWayApp(contentType);
      const doc = `d${Math.random().toString(36).slice(2)}`;
      const answers = async (mode: string) => {
        const url = `https://news.example.com/${mode}/${doc}`;
        const miss = await app.request(url, {}, env);
        const hit = await app.request(url, {}, env);
        const notModified = await app.request(url, { headers: { "if-none-match": `"v1-${doc}"` } }, env);
        return Promise.all(
          [miss, hit, notModified].map(async (res) => ({
            status: res.status,
            headers: headersOf(res),
            body: await res.text(),
          })),
        );
      };
      const general = await answers("c-header");
      const onePiece = await answers("one-piece");
      expect(general.map((a) => a.status)).toEqual([200, 200, 304]);
      expect(general[1]?.headers["x-edge-cache"]).toBe("hit");
      expect(onePiece.map((a) => a.headers)).toEqual(general.map((a) => a.headers));
      expect(onePiece[0]?.headers["content-security-policy"] !== undefined).toBe(
        contentType.startsWith("text/html"),
      );
    });
  }
});
