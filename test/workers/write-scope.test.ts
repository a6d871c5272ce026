import { beforeEach, describe, expect, it } from "vitest";
import { chineseArticle, draftArticle } from "../fixtures/articles";
import { dumpDatabase, resetDatabase } from "./support/database";
import type { ApiArticle } from "./support/helpers";
import { createArticle, mintToken, patchArticle, request } from "./support/helpers";

beforeEach(resetDatabase);

const SECRET_BODY = "<p>内部稿：收购价每股十二元，周五董事会表决。</p>";

describe("PATCH that changes nothing", () => {
  it("writes nothing and answers 200 with the unchanged ETag", async () => {
    const { secret } = await mintToken();
    const article = await createArticle(secret, chineseArticle({ slug: "noop" }));
    const etag = `"a${article.id}-v1"`;
    const before = await dumpDatabase();
    for (const patch of [
      { status: "published" },
      { title: article.title },
      { tags: article.tags, section: article.section },
    ]) {
      const res = await patchArticle(secret, article.id, etag, patch);
      expect(res.status, JSON.stringify(patch)).toBe(200);
      expect(res.headers.get("etag")).toBe(etag);
      expect(((await res.json()) as ApiArticle).version).toBe(1);
    }
    expect(await dumpDatabase()).toBe(before);
  });

  it("still saves a patch that changes something", async () => {
    const { secret } = await mintToken();
    const article = await createArticle(secret, chineseArticle({ slug: "real-edit" }));
    const res = await patchArticle(secret, article.id, `"a${article.id}-v1"`, {
      title: article.title,
      subtitle: null,
    });
    expect(res.headers.get("etag")).toBe(`"a${article.id}-v2"`);
  });
});

describe("a token with articles:write but not drafts:read", () => {
  it("cannot read someone else's draft through a no-op PATCH, and writes nothing", async () => {
    const editor = await mintToken();
    const writer = await mintToken(["articles:write"]);
    const draft = await createArticle(
      editor.secret,
      draftArticle({ slug: "secret-draft", body: SECRET_BODY }),
    );
    const before = await dumpDatabase();
    const res = await patchArticle(writer.secret, draft.id, "*", { status: "draft" });
    expect(res.status).toBe(200);
    expect(res.headers.get("etag")).toBe(`"a${draft.id}-v1"`);
    const text = await res.text();
    expect(text).not.toContain("收购价");
    expect(JSON.parse(text)).toEqual({
      id: draft.id,
      guid: draft.guid,
      slug: "secret-draft",
      url: draft.url,
      status: "draft",
      publishedAt: null,
      createdAt: draft.createdAt,
      updatedAt: draft.updatedAt,
      version: 1,
      deletedAt: null,
    });
    expect(await dumpDatabase()).toBe(before);
  });

  it("gets a receipt, not the merged draft, when its edit is saved", async () => {
    const editor = await mintToken();
    const writer = await mintToken(["articles:write"]);
    const draft = await createArticle(
      editor.secret,
      draftArticle({ slug: "shared-draft", body: SECRET_BODY }),
    );
    const res = await patchArticle(writer.secret, draft.id, `"a${draft.id}-v1"`, { title: "新标题" });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain("收购价");
    expect(JSON.parse(text)).toMatchObject({ id: draft.id, version: 2, status: "draft" });
    const saved = await request(`/api/v1/articles/${draft.id}`, {
      headers: { authorization: `Bearer ${editor.secret}` },
    });
    expect(((await saved.json()) as ApiArticle).title).toBe("新标题");
  });

  it("still gets the full editor view with drafts:read", async () => {
    const editor = await mintToken();
    const draft = await createArticle(editor.secret, draftArticle({ slug: "own-draft", body: SECRET_BODY }));
    const res = await patchArticle(editor.secret, draft.id, `"a${draft.id}-v1"`, { status: "draft" });
    expect(((await res.json()) as ApiArticle).body).toBe(SECRET_BODY);
  });
});
