// The desk's list search is the site's search: Chinese text anywhere in the article, drafts for
// editors with drafts:read, combined with the list's status, section, tag and author filters.
import { beforeAll, describe, expect, it } from "vitest";
import { resetDatabase } from "../support/database";
import { type DeskUser, getPage, resetDesk, signIn } from "../support/desk-kit";
import { createArticle, mintToken } from "../support/helpers";

const ids: Record<string, number> = {};
let editor: DeskUser;
let writer: DeskUser;

const listedIds = (html: string) => [...html.matchAll(/data-article-id="(\d+)"/g)].map((m) => Number(m[1]));

async function deskIds(query: Record<string, string>, user = editor) {
  const res = await getPage(`/desk?${new URLSearchParams(query)}`, user.cookie);
  expect(res.status).toBe(200);
  return listedIds(await res.text()).sort((a, b) => a - b);
}

beforeAll(async () => {
  await resetDesk();
  await resetDatabase();
  const { secret } = await mintToken();
  const make = async (key: string, body: Record<string, unknown>) => {
    ids[key] = (await createArticle(secret, body)).id;
  };
  await make("draftGrid", {
    title: "街道工作草稿",
    body: "社区網格员走访了三十户居民。",
    bodyFormat: "markdown",
    section: ["要闻", "基层"],
    tags: ["治理"],
  });
  await make("publishedGrid", {
    title: "网格化管理见成效",
    status: "published",
    publishedAt: "2026-01-01T08:00:00+08:00",
    section: ["要闻", "城市"],
    authors: [{ name: "林舟" }],
  });
  await make("publishedOther", {
    title: "春季植树活动",
    status: "published",
    publishedAt: "2026-01-02T08:00:00+08:00",
    section: ["要闻", "城市"],
  });
  editor = await signIn(["drafts:read", "articles:write"]);
  writer = await signIn(["articles:write"]);
});

describe("desk list search", () => {
  it("finds a two-character Chinese word in the body, Traditional for Simplified, drafts included", async () => {
    expect(await deskIds({ q: "网格" })).toEqual(
      [ids.draftGrid ?? 0, ids.publishedGrid ?? 0].sort((a, b) => a - b),
    );
  });

  it("without drafts:read finds only what readers see", async () => {
    expect(await deskIds({ q: "网格" }, writer)).toEqual([ids.publishedGrid]);
  });

  it("combines with status, section, tag and author filters", async () => {
    expect(await deskIds({ q: "网格", status: "draft" })).toEqual([ids.draftGrid]);
    expect(await deskIds({ q: "网格", section: "要闻 › 城市" })).toEqual([ids.publishedGrid]);
    expect(await deskIds({ q: "网格", tag: "治理" })).toEqual([ids.draftGrid]);
    expect(await deskIds({ q: "网格", author: "林舟" })).toEqual([ids.publishedGrid]);
    expect(await deskIds({ q: "植树", section: "要闻 › 基层" })).toEqual([]);
  });

  it("echoes the query in the box", async () => {
    const html = await (await getPage(`/desk?q=${encodeURIComponent("网格")}`, editor.cookie)).text();
    expect(html).toContain('value="网格"');
  });
});
