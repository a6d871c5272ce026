import { describe, expect, it } from "vitest";
import { chineseArticle, englishArticle } from "../fixtures/articles";
import { type ApiArticle, createArticle, mintToken, request } from "./helpers";

describe("POST /api/v1/articles", () => {
  it("round-trips every field of a Chinese news article exactly", async () => {
    const { secret, id: tokenId } = await mintToken();
    const input = chineseArticle();
    const res = await request("/api/v1/articles", {
      method: "POST",
      headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
      body: JSON.stringify(input),
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as ApiArticle;
    expect(res.headers.get("location")).toBe(`https://news.example.com/api/v1/articles/${created.id}`);
    const fetched = (await (await request(`/api/v1/articles/${created.id}`)).json()) as ApiArticle;
    for (const article of [created, fetched]) {
      expect(article.title).toBe(input.title);
      expect(article.subtitle).toBe(input.subtitle);
      expect(article.language).toBe("zh-CN");
      expect(article.section).toEqual(["深度报道", "自媒体"]);
      expect(article.tags).toEqual(input.tags);
      expect(article.authors).toEqual(input.authors);
      expect(article.editors).toEqual(input.editors);
      expect(article.source).toEqual(input.source);
      expect(article.image).toEqual(input.image);
      expect(article.printEdition).toEqual(input.printEdition);
      expect(article.publishedAt).toBe("2020-12-09T09:50:37+08:00");
      expect(article.bodyHtml).toBe(input.body);
      expect(article.version).toBe(1);
    }
    expect(created.createdBy).toBe(tokenId);
    expect(created.summary.length).toBeGreaterThan(10);
    expect(created.guid).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
  });

  it("renders markdown bodies and keeps the source", async () => {
    const { secret } = await mintToken();
    const created = await createArticle(secret, englishArticle());
    expect(created.body).toBe(englishArticle().body);
    expect(created.bodyHtml).toContain("<h2>Who rides</h2>");
    expect(created.publishedAt).toBe("2020-12-10T18:30:00-05:00");
  });
});
