// GET /api/v1/articles?q=: filters, keyset paging, snippets, bounded and escaped input.
import { beforeAll, describe, expect, it } from "vitest";
import { resetDatabase } from "../support/database";
import { mintToken, request } from "../support/helpers";
import { addArticle } from "../support/search-corpus";

interface SearchItem {
  id: number;
  title: string;
  search: { score: number; phrase: boolean; snippet: string };
}
interface SearchPage {
  items: SearchItem[];
  nextCursor: string | null;
  next: string | null;
}

const ids: Record<string, number> = {};
let editorToken = "";

async function search(query: string, token?: string) {
  const res = await request(`/api/v1/articles?${query}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return res;
}

async function searchPage(query: string, token?: string): Promise<SearchPage> {
  const res = await search(query, token);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as SearchPage;
}

beforeAll(async () => {
  await resetDatabase();
  editorToken = (await mintToken()).secret;
  for (let day = 1; day <= 7; day++) {
    const id = (
      await addArticle({
        title: `社区网格第${day}期`,
        body: `<p>第${day}期网格员走访记录。</p>`,
        publishedAt: `2020-12-0${day}T08:00:00+08:00`,
        tags: day % 2 === 0 ? ["双号"] : ["单号"],
      })
    ).id;
    ids[`day${day}`] = id;
  }
  ids.hostile = (
    await addArticle({
      title: "Escaping test",
      body: '<p>Before &lt;script&gt;alert("x")&lt;/script&gt; &amp;amp; it\'s 网格化 after</p>',
      publishedAt: "2020-11-01T08:00:00+08:00",
    })
  ).id;
  ids.draft = (await addArticle({ title: "网格草稿", body: "<p>不公开的网格秘密</p>", status: "draft" })).id;
});

describe("GET /api/v1/articles?q=", () => {
  it("answers ranked hits with a highlighted snippet, phrase matches first", async () => {
    const page = await searchPage(`q=${encodeURIComponent("网格")}&limit=100`);
    expect(page.items.map((i) => i.id)).toEqual(
      [7, 6, 5, 4, 3, 2, 1].map((d) => ids[`day${d}`]).concat(ids.hostile ?? 0),
    );
    const first = page.items[0];
    expect(first?.search.phrase).toBe(true);
    expect(first?.search.snippet).toBe("第7期<mark>网格</mark>员走访记录。");
    expect(typeof first?.search.score).toBe("number");
  });

  it("combines with the tag filter", async () => {
    const page = await searchPage(`q=${encodeURIComponent("网格")}&tag=${encodeURIComponent("双号")}`);
    expect(page.items.map((i) => i.id)).toEqual([ids.day6, ids.day4, ids.day2]);
  });

  it("pages with a cursor without skipping or repeating", async () => {
    const all = (await searchPage(`q=${encodeURIComponent("网格")}&limit=100`)).items.map((i) => i.id);
    const seen: number[] = [];
    let query = `q=${encodeURIComponent("网格")}&limit=3`;
    for (let pages = 0; pages < 10; pages++) {
      const page = await searchPage(query);
      seen.push(...page.items.map((i) => i.id));
      if (!page.nextCursor) break;
      expect(page.next).toContain(`cursor=${page.nextCursor}`);
      query = `q=${encodeURIComponent("网格")}&limit=3&cursor=${page.nextCursor}`;
    }
    expect(seen).toEqual(all);
  });

  it("escapes hostile text in snippets and highlights only whole matches", async () => {
    const page = await searchPage(`q=${encodeURIComponent('<script> "网格"')}`);
    expect(page.items.map((i) => i.id)).toEqual([ids.hostile]);
    const snippet = page.items[0]?.search.snippet ?? "";
    expect(snippet).toBe(
      "Before &lt;<mark>script</mark>&gt;alert(&quot;x&quot;)&lt;/<mark>script</mark>&gt; &amp;amp; it&#39;s <mark>网格</mark>化 after",
    );
  });

  it("never shows a draft, even in a snippet, unless the token has drafts:read", async () => {
    const pub = await search(`q=${encodeURIComponent("秘密")}`);
    expect(await pub.text()).not.toContain("秘密");
    const editor = await searchPage(`q=${encodeURIComponent("秘密")}`, editorToken);
    expect(editor.items.map((i) => i.id)).toEqual([ids.draft]);
    expect(editor.items[0]?.search.snippet).toContain("<mark>秘密</mark>");
  });

  it("refuses an over-long query, one with too many terms or none, and a forged cursor, with pointer /q", async () => {
    for (const q of ["网".repeat(101), "一二三四五六七八九十一二三四五六七八", "*:^()", ""]) {
      const res = await search(`q=${encodeURIComponent(q)}`);
      expect(res.status, q).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      const body = (await res.json()) as { errors: { pointer: string }[] };
      expect(body.errors[0]?.pointer).toBe("/q");
    }
    const forged = await search(`q=${encodeURIComponent("网格")}&cursor=${btoa("s1.9.x.1")}`);
    expect(forged.status).toBe(400);
  });

  it("passes no FTS syntax through: hostile queries answer 200 or 400, and match only their words", async () => {
    const hostile = [
      '"',
      "*",
      "NEAR(网格",
      "网格 OR Escaping",
      "-网格",
      "title:网格",
      "^网格",
      "(网格)",
      '网格" OR "x',
    ];
    for (const q of hostile) {
      const res = await search(`q=${encodeURIComponent(q)}`);
      expect([200, 400], q).toContain(res.status);
    }
    // "OR" is a word like any other: nothing holds 网格, "or" and "escaping" together.
    expect((await searchPage(`q=${encodeURIComponent("网格 OR Escaping")}`)).items).toEqual([]);
    expect((await searchPage(`q=${encodeURIComponent("title:网格")}`)).items).toEqual([]);
  });

  it("is documented in the OpenAPI document: the q parameter and the search part of each item", async () => {
    const doc = (await (await request("/api/v1/openapi.json")).json()) as {
      paths: Record<string, { get: { parameters: { name: string; schema: { maxLength?: number } }[] } }>;
      components: { schemas: { ArticlePage: { properties: { items: { items: { properties: object } } } } } };
    };
    const q = doc.paths["/api/v1/articles"]?.get.parameters.find((p) => p.name === "q");
    expect(q?.schema.maxLength).toBe(100);
    expect(Object.keys(doc.components.schemas.ArticlePage.properties.items.items.properties)).toContain(
      "search",
    );
  });
});
