import { describe, expect, it } from "vitest";
import { chineseArticle, englishArticle } from "../fixtures/articles";
import { type ApiArticle, createArticle, mintToken, request } from "./support/helpers";

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

describe("body sanitizing at write time", () => {
  it("strips executable markup from the stored body and keeps legitimate markup", async () => {
    const { secret } = await mintToken();
    const hostile =
      '<h2>小标题</h2><p onclick="steal()">正文<script>alert(1)</script></p>' +
      '<a href="javascript:alert(1)">坏链接</a><a href="https://example.org/a?b=1&amp;c=2">好链接</a>' +
      '<img src="x" onerror="alert(1)"><iframe src="https://evil.example"></iframe><style>body{}</style>' +
      '<a href="&#x6A;avascript:alert(1)">编码</a><svg onload="alert(1)"><circle/></svg>';
    const created = await createArticle(secret, chineseArticle({ body: hostile, summary: undefined }));
    expect(created.bodyHtml).toBe(
      '<h2>小标题</h2><p>正文</p><a>坏链接</a><a href="https://example.org/a?b=1&amp;c=2">好链接</a><img src="x" alt=""><a>编码</a>',
    );
    expect(created.bodyText).toContain("小标题");
    expect(created.summary).not.toContain("<");
  });

  it("derives the summary by characters for unspaced Chinese text", async () => {
    const { secret } = await mintToken();
    const long = `${"徐".repeat(30)}。${"州".repeat(300)}`;
    const created = await createArticle(
      secret,
      chineseArticle({ body: `<p>${long}</p>`, summary: undefined }),
    );
    expect([...created.summary].length).toBeLessThanOrEqual(120);
    expect(created.summary.startsWith("徐".repeat(30))).toBe(true);
  });
});
