// The read/editor split (docs/scaling.md "Read/editor split"), run as deployed: the read Worker answers the
// public read surface itself and hands everything else, unchanged, to the complete Worker behind EDITOR.

import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PREVIEW_SECRET, type SplitDeployment, startSplitDeployment } from "./split-workers";

let split: SplitDeployment;
beforeAll(async () => {
  split = await startSplitDeployment();
});
afterAll(async () => {
  await split?.stop();
});

const auth = () => ({ authorization: `Bearer ${split.token}` });
const BOOKMARK = "x-d1-bookmark";

describe("through the read Worker, in front of the real editor", () => {
  it("forwards a write and serves the next read carrying its bookmark from the new state", async () => {
    // Warm this isolate's validator memo for the feed, the page and the API item before the writes.
    expect((await split.fetch("/feed.xml")).status).toBe(200);
    const created = await split.fetch("/api/v1/articles", {
      method: "POST",
      headers: { ...auth(), "content-type": "application/json" },
      body: JSON.stringify({
        slug: "split-read-your-writes",
        title: "分拆之后的第一篇",
        status: "published",
        section: ["城市"],
        bodyFormat: "html",
        body: "<p>写入经由编辑 Worker。</p>",
      }),
    });
    expect(created.status, await created.clone().text()).toBe(201);
    expect(created.headers.get(BOOKMARK)).toBeTruthy();
    const article = (await created.json()) as { id: number };
    expect((await split.fetch("/articles/split-read-your-writes")).status).toBe(200);

    const retitled = await split.fetch(`/api/v1/articles/${article.id}`, {
      method: "PATCH",
      headers: { ...auth(), "content-type": "application/json", "if-match": `"a${article.id}-v1"` },
      body: JSON.stringify({ title: "分拆之后改过的标题" }),
    });
    expect(retitled.status, await retitled.clone().text()).toBe(200);
    const bookmark = retitled.headers.get(BOOKMARK);
    expect(bookmark).toBeTruthy();

    const withBookmark = { headers: { [BOOKMARK]: bookmark as string } };
    const api = await split.fetch(`/api/v1/articles/${article.id}`, withBookmark);
    expect(api.status).toBe(200);
    expect(((await api.json()) as { title: string }).title).toBe("分拆之后改过的标题");
    const page = await split.fetch("/articles/split-read-your-writes", withBookmark);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("分拆之后改过的标题");
    const feed = await split.fetch("/feed.xml", withBookmark);
    expect(feed.status).toBe(200);
    expect(await feed.text()).toContain("分拆之后改过的标题");
  });

  it("reaches the desk's sign-in page and Micropub's configuration through the editor", async () => {
    const signIn = await split.fetch("/desk/login");
    expect(signIn.status).toBe(200);
    expect(signIn.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await signIn.text()).toContain('type="password"');
    const config = await split.fetch("/micropub?q=config", { headers: auth() });
    expect(config.status).toBe(200);
    expect(await config.json()).toHaveProperty("media-endpoint");
  });

  it("forwards searches (page, feed and the API's q=) and unknown paths to the editor", async () => {
    const search = await split.fetch(`/search?q=${encodeURIComponent("网格")}`);
    expect(search.status).toBe(200);
    const api = await split.fetch(`/api/v1/articles?q=${encodeURIComponent("网格")}`);
    expect(api.status).toBe(200);
    expect(((await api.json()) as { items: unknown[] }).items.length).toBeGreaterThan(0);
    const missing = await split.fetch("/no-such-page", { headers: { accept: "text/html" } });
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).toMatch(/^text\/html/);
  });
});

describe("with EDITOR answering 418", () => {
  const readPaths = async () => {
    const slug = split.articles[0]?.slug as string;
    const home = await (await split.fetchBehindStub("/")).text();
    const stylesheet = /href="(\/assets\/site\.[0-9a-f]{8}\.css)"/.exec(home)?.[1];
    expect(stylesheet).toBeTruthy();
    const item = (await (await split.fetchBehindStub(`/api/v1/articles/${slug}`)).json()) as {
      image: { url: string };
    };
    const image = new URL(item.image.url, split.url).pathname;
    // A signed preview link (src/lib/preview-link.ts), as the desk would hand one out.
    const id = split.articles[0]?.id as number;
    const exp = Math.floor(Date.now() / 1000) + 600;
    const sig = createHmac("sha256", PREVIEW_SECRET).update(`preview|${id}|1|${exp}`).digest("base64url");
    const preview = `/preview/${id}?v=1&exp=${exp}&sig=${sig}`;
    const section = encodeURIComponent("深度报道");
    return [
      "/health",
      "/",
      `/articles/${slug}`,
      `/section/${section}`,
      `/tag/${encodeURIComponent("社区")}`,
      `/author/${encodeURIComponent("林晓舟")}`,
      "/feed.xml",
      "/atom.xml",
      "/feed.json",
      `/section/${section}/feed.xml`,
      "/archive/2020-12/feed.xml",
      "/sitemap.xml",
      "/sitemaps/articles-1.xml",
      "/sitemaps/news.xml",
      "/robots.txt",
      "/api/v1/articles",
      `/api/v1/articles/${slug}`,
      "/api/v1/articles?updatedSince=2000-01-01T00:00:00Z",
      image,
      stylesheet as string,
      "/favicon.svg",
      "/problems/not-found",
      "/indieauth/metadata",
      "/.well-known/oauth-authorization-server",
      preview,
    ];
  };

  it("serves every public read route itself, for GET and HEAD", async () => {
    for (const path of await readPaths()) {
      for (const method of ["GET", "HEAD"]) {
        const res = await split.fetchBehindStub(path, { method });
        expect(res.status, `${method} ${path}`).toBe(200);
        await res.arrayBuffer();
      }
    }
  });

  it("serves a token's API reads itself (drafts:read only reads D1)", async () => {
    const res = await split.fetchBehindStub("/api/v1/articles?status=published", { headers: auth() });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    const version = await split.fetchBehindStub(`/api/v1/articles/${split.articles[0]?.id}/revisions/1`, {
      headers: auth(),
    });
    expect(version.status).toBe(200);
  });

  it("forwards every editor request, including HEAD and the API's CORS preflights", async () => {
    const id = split.articles[0]?.id as number;
    const json = { ...auth(), "content-type": "application/json" };
    const preflight = {
      origin: "https://reader.example",
      "access-control-request-method": "POST",
      "access-control-request-headers": "authorization, content-type",
    };
    const editorRequests: [string, string, RequestInit?][] = [
      ["POST", "/api/v1/articles", { headers: json, body: "{}" }],
      ["PATCH", `/api/v1/articles/${id}`, { headers: json, body: "{}" }],
      ["DELETE", `/api/v1/articles/${id}`, { headers: auth() }],
      ["PUT", `/api/v1/articles/${id}`, { headers: json, body: "{}" }],
      ["POST", `/api/v1/articles/${id}/restore`, { headers: auth() }],
      ["OPTIONS", "/api/v1/articles", { headers: preflight }],
      ["OPTIONS", `/api/v1/articles/${id}`, { headers: preflight }],
      ["GET", `/api/v1/articles/${id}/revisions`, { headers: auth() }],
      ["GET", `/api/v1/articles?q=${encodeURIComponent("网格")}`],
      ["HEAD", `/api/v1/articles?q=${encodeURIComponent("网格")}`],
      ["POST", "/api/v1/media", { headers: auth(), body: "x" }],
      ["GET", "/api/docs"],
      ["GET", "/api/v1/openapi.json"],
      ["GET", "/desk"],
      ["HEAD", "/desk"],
      ["GET", "/desk/login"],
      ["POST", "/desk/login", { body: "token=x" }],
      ["GET", "/desk/indieauth/auth?response_type=code"],
      ["GET", "/micropub?q=config", { headers: auth() }],
      ["POST", "/micropub", { headers: auth(), body: "h=entry" }],
      ["POST", "/indieauth/token", { body: "grant_type=authorization_code" }],
      ["POST", "/indieauth/revoke", { body: "token=x" }],
      ["POST", "/indieauth/introspect", { body: "token=x" }],
      ["OPTIONS", "/indieauth/token", { headers: preflight }],
      ["GET", `/search?q=${encodeURIComponent("网格")}`],
      ["GET", `/search/feed.xml?q=${encodeURIComponent("网格")}`],
      ["POST", "/feed.xml"],
      ["GET", "/no-such-page"],
      ["HEAD", "/no-such-page"],
      ["GET", "/articles/no/such/depth"],
    ];
    for (const [method, path, init] of editorRequests) {
      const res = await split.fetchBehindStub(path, { ...init, method });
      expect(res.status, `${method} ${path}`).toBe(418);
      if (method !== "HEAD") expect(await res.text()).toBe(`editor stub: ${method}`);
    }
  });
});
