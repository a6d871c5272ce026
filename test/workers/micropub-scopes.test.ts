// What a Micropub token may see and spend: q=category by scope, no tokens in URLs, and every
// stored object counted against the token's write budget.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { windowAt } from "../../src/db/rate-limits";
import { chineseArticle, draftArticle } from "../fixtures/articles";
import { png } from "../fixtures/images";
import { resetDatabase } from "./support/database";
import { createArticle, mintToken, request } from "./support/helpers";

beforeEach(async () => {
  await resetDatabase();
  const listed = await env.MEDIA.list();
  if (listed.objects.length > 0) await env.MEDIA.delete(listed.objects.map((o) => o.key));
});

const categories = async (token: string) => {
  const res = await request("/micropub?q=category", { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { categories: string[] }).categories;
};

describe("q=category", () => {
  it("lists only public articles' tags unless the token has drafts:read", async () => {
    const { secret: editor } = await mintToken();
    await createArticle(editor, chineseArticle({ slug: "public", tags: ["公开"] }));
    await createArticle(editor, draftArticle({ slug: "draft", tags: ["草稿标签"] }));
    await createArticle(
      editor,
      chineseArticle({
        slug: "later",
        status: "scheduled",
        publishedAt: "2999-01-01T08:00:00+08:00",
        tags: ["未来"],
      }),
    );
    const deleted = await createArticle(editor, chineseArticle({ slug: "deleted", tags: ["已删"] }));
    const del = await request(`/api/v1/articles/${deleted.id}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${editor}` },
    });
    expect(del.status).toBe(204);

    const { secret: noScopes } = await mintToken([]);
    const { secret: writer } = await mintToken(["articles:write"]);
    const { secret: reader } = await mintToken(["drafts:read"]);
    expect(await categories(noScopes)).toEqual(["公开"]);
    expect(await categories(writer)).toEqual(["公开"]);
    expect(await categories(reader)).toEqual(["公开", "已删", "未来", "草稿标签"].sort());
  });
});

describe("tokens in query strings", () => {
  it("refuses ?access_token= on Micropub and every other route, even with a valid token", async () => {
    const { secret } = await mintToken();
    for (const path of [
      `/micropub?q=config&access_token=${secret}`,
      `/api/v1/articles?access_token=${secret}`,
      `/feed.xml?access_token=${secret}`,
      `/api/v1/articles?token=${secret}`,
      "/micropub?q=config&ACCESS_TOKEN=x",
    ]) {
      const res = await request(path);
      expect(res.status, path).toBe(400);
      expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      const body = (await res.json()) as { error: string; errors: { pointer: string }[] };
      expect(body.error).toBe("invalid_request");
      expect(body.errors[0]?.pointer).toMatch(/^\/(?:access_token|token|ACCESS_TOKEN)$/);
    }
    // A token in the header still works, and ordinary query strings are untouched.
    const ok = await request("/micropub?q=config", { headers: { authorization: `Bearer ${secret}` } });
    expect(ok.status).toBe(200);
    expect((await request("/api/v1/articles?limit=5")).status).toBe(200);
  });
});

describe("stored objects count as writes", () => {
  function photoPost(secret: string, count: number) {
    const body = new FormData();
    body.append("name", "Photos");
    for (let i = 0; i < count; i++) {
      body.append("photo[]", new File([png(10 + i, 10)], `${i}.png`, { type: "image/png" }));
    }
    return request("/micropub", { method: "POST", headers: { authorization: `Bearer ${secret}` }, body });
  }

  const writesOf = async (tokenId: string) =>
    (
      await env.DB.prepare("select count from rate_limits where bucket = ?")
        .bind(`write:${tokenId}`)
        .first<{ count: number }>()
    )?.count;

  it("a post with three new photos spends four writes", async () => {
    const { secret, id } = await mintToken();
    expect((await photoPost(secret, 3)).status).toBe(201);
    expect((await env.MEDIA.list()).objects).toHaveLength(3);
    expect(await writesOf(id)).toBe(4);
  });

  it("refuses (429) a post whose files would exceed the budget, storing nothing", async () => {
    const { secret, id } = await mintToken();
    const window = windowAt(Date.now(), 60_000);
    await env.DB.prepare("insert into rate_limits (bucket, window_start, count) values (?, ?, ?)")
      .bind(`write:${id}`, window.start, 112)
      .run();
    const res = await photoPost(secret, 8);
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBeTruthy();
    expect((await env.MEDIA.list()).objects).toHaveLength(0);
    const list = (await (
      await request("/api/v1/articles", { headers: { authorization: `Bearer ${secret}` } })
    ).json()) as { items: unknown[] };
    expect(list.items).toHaveLength(0);
  });
});
