import { beforeAll, describe, expect, it } from "vitest";
import { resetDatabase } from "./support/database";
import { type DeskUser, getPage, resetDesk, signIn } from "./support/desk-kit";
import { createArticle, jsonRequest, mintToken } from "./support/helpers";

let editor: DeskUser;
const ids: Record<string, number> = {};

const listedIds = (html: string) => [...html.matchAll(/data-article-id="(\d+)"/g)].map((m) => Number(m[1]));

async function listIds(query: string, user = editor) {
  const res = await getPage(`/desk${query}`, user.cookie);
  expect(res.status).toBe(200);
  return listedIds(await res.text());
}

beforeAll(async () => {
  await resetDesk();
  await resetDatabase();
  const { secret } = await mintToken();
  const make = async (key: string, body: Record<string, unknown>) => {
    ids[key] = (await createArticle(secret, body)).id;
  };
  await make("draft", {
    title: "草稿 100% 完成",
    section: ["要闻", "国内"],
    tags: ["经济"],
    authors: [{ name: "王敏" }],
  });
  await make("scheduled", {
    title: "Scheduled piece",
    status: "scheduled",
    publishedAt: "2099-01-01T08:00:00+08:00",
    section: ["要闻", "国际"],
  });
  await make("published", {
    title: "Published a_b",
    status: "published",
    publishedAt: "2026-01-01T08:00:00+08:00",
    section: ["要闻", "国内"],
    tags: ["民生"],
    authors: [{ name: "李华", title: "记者" }],
  });
  await make("deleted", { title: "Deleted one" });
  const del = await jsonRequest("DELETE", `/api/v1/articles/${ids.deleted}`, secret, undefined);
  expect(del.status).toBe(204);
  editor = await signIn(["drafts:read", "articles:write"]);
});

describe("desk article list", () => {
  it("lists every status except deleted by default, newest update first, with authors and section", async () => {
    expect(await listIds("")).toEqual([ids.published, ids.scheduled, ids.draft]);
    const html = await (await getPage("/desk", editor.cookie)).text();
    expect(html).toContain("要闻 › 国内");
    expect(html).toContain("李华");
    expect(html).toMatch(/<time datetime="\d{4}-\d{2}-\d{2}T/);
  });

  it("filters by status, including deleted", async () => {
    expect(await listIds("?status=draft")).toEqual([ids.draft]);
    expect(await listIds("?status=scheduled")).toEqual([ids.scheduled]);
    expect(await listIds("?status=deleted")).toEqual([ids.deleted]);
  });

  it("filters by section prefix, tag and author, combined", async () => {
    expect(await listIds(`?section=${encodeURIComponent("要闻 › 国内")}`)).toEqual([
      ids.published,
      ids.draft,
    ]);
    expect(await listIds(`?section=${encodeURIComponent("要闻")}`)).toHaveLength(3);
    expect(await listIds(`?tag=${encodeURIComponent("经济")}`)).toEqual([ids.draft]);
    expect(await listIds(`?author=${encodeURIComponent("李华")}`)).toEqual([ids.published]);
    expect(
      await listIds(`?section=${encodeURIComponent("要闻/国内")}&tag=${encodeURIComponent("民生")}`),
    ).toEqual([ids.published]);
  });

  it("searches with the site's search: punctuation separates words and is never a wildcard", async () => {
    expect(await listIds(`?q=${encodeURIComponent("100%")}`)).toEqual([ids.draft]);
    expect(await listIds("?q=a_b")).toEqual([ids.published]);
    const unusable = await getPage(`/desk?q=${encodeURIComponent("%_")}`, editor.cookie);
    expect(unusable.status).toBe(400);
    const html = await unusable.text();
    expect(html).toContain('role="alert"');
    expect(listedIds(html)).toEqual([]);
    expect(await listIds("?q=piece")).toEqual([ids.scheduled]);
  });

  it("shows a token without drafts:read only what readers see", async () => {
    const writer = await signIn(["articles:write"]);
    expect(await listIds("", writer)).toEqual([ids.published]);
    expect(await listIds("?status=draft", writer)).toEqual([]);
    expect(await listIds("?status=deleted", writer)).toEqual([]);
    const edit = await getPage(`/desk/articles/${ids.draft}/edit`, writer.cookie);
    expect(edit.status).toBe(404);
    expect(await edit.text()).not.toContain("草稿 100%");
  });

  it("pages by keyset without gaps or repeats", async () => {
    const { secret } = await mintToken();
    for (let i = 0; i < 23; i++) await createArticle(secret, { title: `Bulk ${i}` });
    const first = await (await getPage("/desk?status=draft", editor.cookie)).text();
    const page1 = listedIds(first);
    expect(page1).toHaveLength(20);
    const older = /href="(\/desk\?[^"]*cursor=[^"]+)" rel="next"/.exec(first)?.[1]?.replaceAll("&amp;", "&");
    expect(older).toBeDefined();
    expect(older).toContain("status=draft");
    const second = await (await getPage(older ?? "", editor.cookie)).text();
    const page2 = listedIds(second);
    expect(page2).toHaveLength(4);
    expect(new Set([...page1, ...page2]).size).toBe(24);
    expect(second).not.toContain('rel="next"');
  });

  it("answers a forged cursor with 400, not 500", async () => {
    const res = await getPage("/desk?cursor=%%%", editor.cookie);
    expect(res.status).toBe(400);
  });
});
