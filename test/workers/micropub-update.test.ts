import { beforeEach, describe, expect, it } from "vitest";
import { chineseArticle, englishArticle } from "../fixtures/articles";
import { resetDatabase } from "./support/database";
import { type ApiArticle, createArticle, mintToken, ORIGIN, request } from "./support/helpers";
import { json } from "./support/micropub-helpers";

beforeEach(resetDatabase);

function query(token: string | null, params: string) {
  return request(`/micropub?${params}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
}

async function read(secret: string, id: number) {
  const res = await request(`/api/v1/articles/${id}`, { headers: { authorization: `Bearer ${secret}` } });
  return (await res.json()) as ApiArticle;
}

const postUrl = (slug: string) => `${ORIGIN}/articles/${encodeURIComponent(slug)}`;

describe("Micropub queries", () => {
  it("q=config names the media endpoint and what we support; Link advertises the endpoint", async () => {
    const { secret } = await mintToken();
    const res = await query(secret, "q=config");
    expect(res.status).toBe(200);
    expect(res.headers.get("link")).toBe(`<${ORIGIN}/micropub>; rel="micropub"`);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body["media-endpoint"]).toBe(`${ORIGIN}/api/v1/media`);
    expect(body["syndicate-to"]).toEqual([]);
    expect(body.q).toEqual(["config", "source", "syndicate-to", "category"]);
    expect((await query(null, "q=config")).status).toBe(401);
    expect(await (await query(secret, "q=syndicate-to")).json()).toEqual({ "syndicate-to": [] });
  });

  it("q=source returns the post's properties, or only those asked for", async () => {
    const { secret } = await mintToken();
    await createArticle(secret, chineseArticle({ slug: "grid", summary: "摘要" }));
    const full = (await (
      await query(secret, `q=source&url=${encodeURIComponent(postUrl("grid"))}`)
    ).json()) as {
      type: string[];
      properties: Record<string, unknown[]>;
    };
    expect(full.type).toEqual(["h-entry"]);
    expect(full.properties).toMatchObject({
      name: ["以“小网格”撬动基层“大治理”"],
      category: ["基层治理", "社区"],
      published: ["2020-12-09T09:50:37+08:00"],
      summary: ["摘要"],
      "post-status": ["published"],
      "mp-slug": ["grid"],
      photo: [
        { value: "https://images.example.org/2020/12/lakeside-grid.jpg", alt: "网格员在小区门口与居民交谈" },
      ],
    });
    expect((full.properties.content?.[0] as { html?: string } | undefined)?.html).toContain("<h2>");
    const some = await query(
      secret,
      `q=source&url=${encodeURIComponent(postUrl("grid"))}&properties[]=name&properties[]=category`,
    );
    expect(await some.json()).toEqual({
      properties: { name: ["以“小网格”撬动基层“大治理”"], category: ["基层治理", "社区"] },
    });
    const unknown = await query(secret, `q=source&url=${encodeURIComponent(postUrl("nope"))}`);
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: string }).error).toBe("invalid_request");
    expect((await query(secret, "q=nonsense")).status).toBe(400);
  });

  it("q=category lists the tags in use", async () => {
    const { secret } = await mintToken();
    await createArticle(secret, chineseArticle());
    expect(await (await query(secret, "q=category")).json()).toEqual({ categories: ["基层治理", "社区"] });
  });
});

describe("Micropub update", () => {
  it("replaces, adds and deletes property values in one request, with a revision", async () => {
    const { secret } = await mintToken();
    const article = await createArticle(secret, chineseArticle({ slug: "grid", summary: "旧摘要" }));
    const res = await json(secret, {
      action: "update",
      url: postUrl("grid"),
      replace: { name: ["新标题"], content: ["新的正文"] },
      add: { category: ["新标签"] },
      delete: { category: ["社区"] },
    });
    expect(res.status).toBe(204);
    const after = await read(secret, article.id);
    expect(after).toMatchObject({
      title: "新标题",
      bodyHtml: "<p>新的正文</p>",
      tags: ["基层治理", "新标签"],
      version: 2,
    });
    expect(after.summary).toBe("旧摘要");

    const del = await json(secret, { action: "update", url: postUrl("grid"), delete: ["summary", "photo"] });
    expect(del.status).toBe(204);
    const cleared = await read(secret, article.id);
    expect(cleared.image).toBeNull();
    expect(cleared.summary).toBe("新的正文");
  });

  it("answers 201 with the new URL when mp-slug changes", async () => {
    const { secret } = await mintToken();
    await createArticle(secret, englishArticle({ slug: "old-slug" }));
    const res = await json(secret, {
      action: "update",
      url: postUrl("old-slug"),
      replace: { "mp-slug": ["new-slug"] },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get("location")).toBe(postUrl("new-slug"));
  });

  it("refuses invalid updates with invalid_request and changes nothing", async () => {
    const { secret } = await mintToken();
    const article = await createArticle(secret, englishArticle({ slug: "keep" }));
    for (const body of [
      { action: "update", url: postUrl("keep"), replace: { name: "not an array" } },
      { action: "update", url: postUrl("keep"), delete: ["name"] },
      { action: "update", url: postUrl("keep"), replace: { published: ["soon"] } },
      { action: "update", url: "https://elsewhere.example/articles/keep", replace: { name: ["x"] } },
      { action: "frobnicate", url: postUrl("keep") },
    ]) {
      const res = await json(secret, body);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: string }).error).toBe("invalid_request");
    }
    expect((await read(secret, article.id)).version).toBe(1);
  });

  it("needs articles:publish to touch a published post", async () => {
    const { secret: editor } = await mintToken();
    await createArticle(editor, englishArticle({ slug: "public" }));
    const { secret } = await mintToken(["articles:write", "drafts:read"]);
    const res = await json(secret, { action: "update", url: postUrl("public"), replace: { name: ["x"] } });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: "insufficient_scope", scope: "articles:publish" });
  });
});

describe("Micropub delete and undelete", () => {
  it("soft-deletes and restores, by JSON or form", async () => {
    const { secret } = await mintToken();
    const article = await createArticle(secret, englishArticle({ slug: "bye" }));
    expect((await json(secret, { action: "delete", url: postUrl("bye") })).status).toBe(204);
    expect((await request("/api/v1/articles/bye")).status).toBe(410);
    const undelete = await request("/micropub", {
      method: "POST",
      headers: { authorization: `Bearer ${secret}`, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ action: "undelete", url: postUrl("bye") }).toString(),
    });
    expect(undelete.status).toBe(204);
    expect((await read(secret, article.id)).deletedAt).toBeNull();
  });
});
