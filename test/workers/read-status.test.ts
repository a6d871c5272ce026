// Status before validators: what does not exist is a 404 (never a 304), error answers tell caches
// who may keep them, and object-prototype names are not resources.
import { beforeAll, describe, expect, it } from "vitest";
import { encodeCursor } from "../../src/lib/cursor";
import { chineseArticle, draftArticle } from "../fixtures/articles";
import { createArticle, mintToken, request } from "./support/helpers";

let token: string;
let deletedId: number;
let draftId: number;

beforeAll(async () => {
  token = (await mintToken()).secret;
  await createArticle(token, chineseArticle({ slug: "status-live", tags: ["存在"] }));
  const removed = await createArticle(token, chineseArticle({ slug: "status-removed", tags: ["已删"] }));
  deletedId = removed.id;
  const del = await request(`/api/v1/articles/${removed.id}`, {
    method: "DELETE",
    headers: { authorization: `Bearer ${token}` },
  });
  expect(del.status).toBe(204);
  draftId = (await createArticle(token, draftArticle({ slug: "status-draft" }))).id;
});

describe("listing pages: 404 before 304", () => {
  const missing: [string, string][] = [
    ["a tag that never existed", "/tag/never-existed"],
    ["a tag whose only article was deleted", "/tag/%E5%B7%B2%E5%88%A0"],
    ["an author that never existed", "/author/nobody"],
    ["a section that never existed", "/section/none/at-all"],
    ["a cursor past the last page", `/?cursor=${encodeURIComponent(encodeCursor({ at: 1, id: 1 }))}`],
  ];
  for (const [name, path] of missing) {
    it(`${name}: If-None-Match: * → 404, no validators`, async () => {
      const res = await request(path, { headers: { "if-none-match": "*" } });
      expect(res.status).toBe(404);
      expect(res.headers.get("etag")).toBeNull();
      const guessed = await request(path, { headers: { "if-modified-since": new Date().toUTCString() } });
      expect(guessed.status).toBe(404);
    });
  }

  it("an existing tag still answers 304 to a matching validator", async () => {
    const first = await request("/tag/%E5%AD%98%E5%9C%A8");
    expect(first.status).toBe(200);
    const res = await request("/tag/%E5%AD%98%E5%9C%A8", {
      headers: { "if-none-match": first.headers.get("etag") ?? "" },
    });
    expect(res.status).toBe(304);
  });
});

describe("API 404 and 410 carry Vary and Cache-Control", () => {
  const cases: [string, () => string, number, Record<string, string>, string][] = [
    ["unknown slug, anonymous", () => "/api/v1/articles/no-such-article", 404, {}, "public"],
    ["draft, anonymous", () => `/api/v1/articles/${draftId}`, 404, {}, "public"],
    ["deleted, anonymous", () => `/api/v1/articles/${deletedId}`, 410, {}, "public"],
    ["unknown id, editor", () => "/api/v1/articles/999999", 404, { editor: "1" }, "private"],
    [
      "unknown revision, editor",
      () => `/api/v1/articles/${draftId}/revisions/99`,
      404,
      { editor: "1" },
      "private",
    ],
  ];
  for (const [name, path, status, flags, visibility] of cases) {
    it(`${name} → ${status}`, async () => {
      const headers: Record<string, string> = flags.editor ? { authorization: `Bearer ${token}` } : {};
      const res = await request(path(), { headers });
      expect(res.status).toBe(status);
      expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      expect(res.headers.get("vary")).toMatch(/Authorization/i);
      const cacheControl = res.headers.get("cache-control") ?? "";
      expect(cacheControl).toMatch(visibility === "public" ? /^public, max-age=\d+$/ : /private, no-store/);
    });
  }
});

describe("/problems/{type}", () => {
  for (const name of ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf", "isPrototypeOf"]) {
    it(`${name} is not a problem type → 404`, async () => {
      const res = await request(`/problems/${name}`, { headers: { accept: "application/problem+json" } });
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    });
  }

  it("a real type still resolves", async () => {
    const res = await request("/problems/not-found");
    expect(res.status).toBe(200);
    expect(((await res.json()) as { description: string }).description).toMatch(/No resource/);
  });
});
