import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../../../src/app";
import { itemCacheSize } from "../../../src/render/json-list-bytes";
import { chineseArticle } from "../../fixtures/articles";
import { countingD1 } from "../caching/support";
import {
  type ArticleChange,
  createArticle,
  hidingChanges,
  mintToken,
  ORIGIN,
  patchArticle,
  request,
  versionEtag,
} from "../support/helpers";

// The anonymous API list is written from items encoded once per isolate (src/render/json-list-bytes.ts).
// Its bytes must be JSON.stringify's of the same page, which is what a request with a token (no
// drafts:read) still gets through c.json; and nothing changed or hidden may come back out of it.

const TAG = "列表缓存";
const HOSTILE_TITLE = '引号" 反斜杠\\ </script><!-- \u2028\u2029 😀 &amp; <b>';
const HOSTILE_BODY = '<p>正文 " \\ \u2028 😀 &amp; &lt;script&gt;</p>';
const tagList = (query = "") => `/api/v1/articles?tag=${encodeURIComponent(TAG)}${query}`;

async function bytesOf(path: string, token?: string): Promise<Uint8Array> {
  const res = await request(path, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  expect(res.status, path).toBe(200);
  return new Uint8Array(await res.arrayBuffer());
}

/** The same page as anonymous readers see it (cached pieces) and through c.json (a token without drafts:read). */
async function expectSameBytes(path: string, readerToken: string) {
  const anonymous = await bytesOf(path);
  const stringified = await bytesOf(path, readerToken);
  expect(new TextDecoder().decode(anonymous), path).toBe(new TextDecoder().decode(stringified));
  expect(anonymous, path).toEqual(stringified);
}

describe("the anonymous API list from encoded items", () => {
  it("is byte for byte JSON.stringify's page: hostile strings, excerpt, cursor pages, empty list", async () => {
    const { secret } = await mintToken();
    const reader = (await mintToken(["articles:write"])).secret;
    for (let i = 0; i < 3; i++) {
      await createArticle(
        secret,
        chineseArticle({
          slug: `list-bytes-${i}`,
          title: `${HOSTILE_TITLE} ${i}`,
          summary: `摘要 "${i}" \\ \u2028 😀`,
          body: HOSTILE_BODY,
          tags: [TAG],
        }),
      );
    }
    const paths = [
      tagList(),
      tagList("&content=excerpt"),
      tagList("&limit=2"),
      "/api/v1/articles?limit=3",
      `/api/v1/articles?tag=${encodeURIComponent("没有文章的标签")}`,
    ];
    for (const path of paths) await expectSameBytes(path, reader);
    // The second time round, other documents (limits) than the first: items come from the cache.
    expect(itemCacheSize()).toBeGreaterThan(0);
    const firstPage = (await (await request(tagList("&limit=2"))).json()) as { nextCursor: string };
    for (const path of [
      tagList("&limit=1"),
      tagList("&limit=3&content=excerpt"),
      tagList(`&limit=2&cursor=${firstPage.nextCursor}`),
    ]) {
      await expectSameBytes(path, reader);
    }
  });

  it("never serves an item edited, drafted, rescheduled, deleted or taken out of the scope", async () => {
    const { secret } = await mintToken();
    const changes: ArticleChange[] = [
      [
        "edited",
        (a) =>
          patchArticle(secret, a.id, versionEtag(a), {
            title: "edited 新标题",
            body: "<p>edited 新正文</p>",
          }),
      ],
      ["untagged", (a) => patchArticle(secret, a.id, versionEtag(a), { tags: ["别处"] })],
      ...hidingChanges(secret),
    ];
    for (const [slug, change] of changes) {
      const tag = `${TAG}-${slug}`;
      const path = `/api/v1/articles?tag=${encodeURIComponent(tag)}`;
      const excerpt = `${path}&content=excerpt`;
      await createArticle(
        secret,
        chineseArticle({ slug: `${slug}-kept`, title: `${slug} 保留`, tags: [tag] }),
      );
      const changed = await createArticle(
        secret,
        chineseArticle({ slug, title: `${slug} 原标题`, body: `<p>${slug} 原正文</p>`, tags: [tag] }),
      );
      for (const p of [path, excerpt])
        expect(await (await request(p)).text(), slug).toContain(`${slug} 原标题`);
      expect((await change(changed)).status, slug).toBeLessThan(300);
      for (const p of [path, excerpt, `${path}&limit=5`]) {
        const text = await (await request(p)).text();
        expect(text, `${slug} ${p}`).not.toContain(`${slug} 原标题`);
        expect(text, `${slug} ${p}`).not.toContain(`${slug} 原正文`);
        expect(text, `${slug} ${p}`).toContain(`${slug} 保留`);
        if (slug === "edited") expect(text, p).toContain("edited 新标题");
      }
    }
  });

  it("is never filled by a request with a token, and editors still get the editor view", async () => {
    const { secret } = await mintToken();
    const tag = `${TAG}-令牌`;
    const path = `/api/v1/articles?tag=${encodeURIComponent(tag)}`;
    await createArticle(secret, chineseArticle({ slug: "token-only", tags: [tag] }));
    const reader = (await mintToken(["articles:write"])).secret;
    const before = itemCacheSize();
    for (const token of [secret, reader]) {
      const res = await request(path, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
      expect(res.headers.get("x-edge-cache")).toBeNull();
    }
    expect(itemCacheSize()).toBe(before);
    await request(path);
    expect(itemCacheSize()).toBeGreaterThan(before);
    const editor = (await (
      await request(path, { headers: { authorization: `Bearer ${secret}` } })
    ).json()) as { items: Record<string, unknown>[] };
    expect(editor.items[0]).toHaveProperty("body");
    expect(editor.items[0]).toHaveProperty("createdBy");
  });
});

async function rowsRead(path: string) {
  const { db, counter } = countingD1();
  const ctx = createExecutionContext();
  const vars = { FEED_VALIDATOR_TTL_MS: "0", FEED_DOCUMENT_CACHE_BYTES: "0" };
  const res = await createApp().request(
    new URL(path, ORIGIN).toString(),
    {},
    { ...env, ...vars, DB: db },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  expect(res.status, path).toBe(200);
  expect(res.headers.get("x-edge-cache"), path).toBe("miss");
  return { items: ((await res.json()) as { items: unknown[] }).items.length, rows: counter.rowsRead };
}

describe("rows read by the anonymous API list", () => {
  it("one per item once its items are held encoded, plus the validator", async () => {
    const { secret } = await mintToken();
    for (let i = 0; i < 8; i++) await createArticle(secret, chineseArticle({ slug: `list-rows-${i}` }));
    // Another limit is another document, with the same newest items.
    const cold = await rowsRead("/api/v1/articles?limit=7");
    const warm = await rowsRead("/api/v1/articles?limit=6");
    expect(warm.items).toBe(6);
    expect(warm.rows).toBeLessThanOrEqual(6 + 2);
    expect(cold.rows).toBeGreaterThan(warm.rows);
  });
});
