import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { feedDocuments } from "../../../src/db/isolate-cache";
import { previewPath, signPreview } from "../../../src/lib/preview-link";
import { draftArticle } from "../../fixtures/articles";
import { getPage, signIn } from "../support/desk-kit";
import { type ApiArticle, createArticle, mintToken, request } from "../support/helpers";

// What a token, a preview link or a desk session sees is never stored in, nor answered from, the
// document LRU or caches.default, and says so to every other cache.

let editor: string;
let draft: ApiArticle;
beforeAll(async () => {
  editor = (await mintToken()).secret;
  draft = await createArticle(editor, draftArticle({ slug: "private-draft", title: "只给编辑看的草稿" }));
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** Records every store into either cache while `run` runs. */
async function storesDuring(run: () => Promise<void>): Promise<string[]> {
  const stored: string[] = [];
  const put = caches.default.put.bind(caches.default);
  vi.spyOn(caches.default, "put").mockImplementation(async (key, value) => {
    stored.push(`edge ${key instanceof Request ? key.url : String(key)}`);
    return put(key, value);
  });
  const set = feedDocuments.set.bind(feedDocuments);
  vi.spyOn(feedDocuments, "set").mockImplementation((key, value) => {
    stored.push(`isolate ${key}`);
    set(key, value);
  });
  await run();
  await new Promise((resolve) => setTimeout(resolve, 20));
  return stored;
}

const asEditor = () => ({ headers: { authorization: `Bearer ${editor}` } });

describe("tokens", () => {
  const paths = () => ["/api/v1/articles", `/api/v1/articles/${draft.id}`, "/api/v1/articles?status=draft"];

  it("a drafts:read answer is private, never stored, and never reaches an anonymous reader", async () => {
    const anonymousFirst = await request("/api/v1/articles");
    expect(await anonymousFirst.text()).not.toContain("只给编辑看的草稿");
    const stored = await storesDuring(async () => {
      for (const path of paths()) {
        const res = await request(path, asEditor());
        expect(res.status, path).toBe(200);
        expect(res.headers.get("cache-control"), path).toBe("private, no-store");
        expect(res.headers.get("x-edge-cache"), path).toBeNull();
        expect(await res.text(), path).toContain("只给编辑看的草稿");
      }
    });
    expect(stored).toEqual([]);
    for (const path of ["/api/v1/articles", `/api/v1/articles/${draft.id}`, "/articles/private-draft"]) {
      const res = await request(path);
      expect(await res.text(), path).not.toContain("只给编辑看的草稿");
    }
  });

  it("an anonymous answer is never served to a token holder from a cache", async () => {
    // The control: an anonymous read is stored in both caches.
    const storedForAnyone = await storesDuring(async () => {
      const anonymous = await request("/api/v1/articles?limit=7");
      expect(anonymous.headers.get("vary")).toContain("Authorization");
    });
    expect(storedForAnyone.map((s) => s.split(" ")[0]).sort()).toEqual(["edge", "isolate"]);
    await request("/api/v1/articles");
    const res = await request("/api/v1/articles", asEditor());
    expect(res.headers.get("x-edge-cache")).toBeNull();
    expect(await res.text()).toContain("只给编辑看的草稿");
    // Same for a public article read with a token: rendered for it, kept nowhere.
    const stored = await storesDuring(async () => {
      const one = await request(`/api/v1/articles/${draft.id}`, asEditor());
      expect(one.headers.get("x-edge-cache")).toBeNull();
    });
    expect(stored).toEqual([]);
  });
});

describe("preview links and the desk", () => {
  it("a preview link's page is no-store and stored nowhere; the public URL stays 404", async () => {
    const claim = {
      articleId: draft.id,
      version: draft.version,
      expiresAt: Math.floor(Date.now() / 1000) + 600,
    };
    const path = previewPath(claim, await signPreview(env.PREVIEW_SECRET ?? "", claim));
    const stored = await storesDuring(async () => {
      for (let i = 0; i < 2; i++) {
        const res = await request(path);
        expect(res.status).toBe(200);
        expect(res.headers.get("cache-control")).toBe("private, no-store");
        expect(res.headers.get("x-edge-cache")).toBeNull();
        expect(await res.text()).toContain("只给编辑看的草稿");
      }
    });
    expect(stored).toEqual([]);
    const open = await request("/articles/private-draft");
    expect(open.status).toBe(404);
    expect(await open.text()).not.toContain("只给编辑看的草稿");
  });

  it("every desk page a session sees is no-store and stored nowhere", async () => {
    const user = await signIn();
    const stored = await storesDuring(async () => {
      for (const path of ["/desk", `/desk/articles/${draft.id}`, "/desk/login"]) {
        const res = await getPage(path, user.cookie);
        expect(res.headers.get("cache-control"), path).toBe("private, no-store");
        expect(res.headers.get("x-edge-cache"), path).toBeNull();
      }
    });
    expect(stored).toEqual([]);
  });
});
