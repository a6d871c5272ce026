import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { png } from "../fixtures/images";
import { dumpDatabase, resetDatabase } from "./support/database";
import { type ApiArticle, mintToken, ORIGIN, request } from "./support/helpers";
import { form, json } from "./support/micropub-helpers";

beforeEach(async () => {
  await resetDatabase();
  const listed = await env.MEDIA.list();
  if (listed.objects.length > 0) await env.MEDIA.delete(listed.objects.map((o) => o.key));
});

interface MicropubError {
  error: string;
  error_description: string;
  scope?: string;
  type: string;
  errors?: { pointer: string }[];
}

async function articleAt(location: string | null, token: string): Promise<ApiArticle> {
  const slug = decodeURIComponent(new URL(location ?? "").pathname.split("/").pop() ?? "");
  const res = await request(`/api/v1/articles/${encodeURIComponent(slug)}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return (await res.json()) as ApiArticle;
}

describe("Micropub create, form-encoded", () => {
  it("creates a published article and answers 201 with the post's URL", async () => {
    const { secret } = await mintToken();
    const res = await form(secret, [
      ["h", "entry"],
      ["name", "城市夜间公交新线路"],
      ["content", "第一段。\n\n第二段 <b>不是标签</b>"],
      ["summary", "六条夜间线路一月开通"],
      ["category[]", "交通"],
      ["category[]", "夜间经济"],
      ["published", "2020-12-09T09:50:37+08:00"],
      ["mp-slug", "night-buses"],
    ]);
    expect(res.status).toBe(201);
    expect(res.headers.get("location")).toBe(`${ORIGIN}/articles/night-buses`);
    expect(res.headers.get("link")).toBe(`<${ORIGIN}/micropub>; rel="micropub"`);
    const article = await articleAt(res.headers.get("location"), secret);
    expect(article).toMatchObject({
      title: "城市夜间公交新线路",
      summary: "六条夜间线路一月开通",
      tags: ["交通", "夜间经济"],
      publishedAt: "2020-12-09T09:50:37+08:00",
      status: "published",
      bodyHtml: "<p>第一段。</p><p>第二段 &lt;b&gt;不是标签&lt;/b&gt;</p>",
    });
  });

  it("accepts the token as the access_token field, and comma-separated categories", async () => {
    const { secret } = await mintToken();
    const res = await form(null, [
      ["access_token", secret],
      ["content", "A short note without a name.\nSecond line."],
      ["category", "transit, night economy"],
      ["post-status", "draft"],
    ]);
    expect(res.status).toBe(201);
    const article = await articleAt(res.headers.get("location"), secret);
    expect(article.status).toBe("draft");
    expect(article.title).toBe("A short note without a name. Second line.");
    expect(article.tags).toEqual(["transit", "night economy"]);
    expect(article.bodyHtml).toBe("<p>A short note without a name.<br>Second line.</p>");
  });

  it("schedules a post whose published time is in the future, reading a missing offset as the site's", async () => {
    const { secret } = await mintToken();
    const res = await form(secret, [
      ["name", "Later"],
      ["published", "2999-01-01T08:00"],
    ]);
    const article = await articleAt(res.headers.get("location"), secret);
    expect(article.status).toBe("scheduled");
    expect(article.publishedAt).toBe("2999-01-01T08:00:00+08:00");
  });

  it("stores a photo sent as a file and makes it the lead image", async () => {
    const { secret } = await mintToken();
    const body = new FormData();
    body.append("h", "entry");
    body.append("name", "With a photo");
    body.append("photo", new File([png(640, 360)], "p.png", { type: "image/png" }));
    const res = await request("/micropub", {
      method: "POST",
      headers: { authorization: `Bearer ${secret}` },
      body,
    });
    expect(res.status).toBe(201);
    const article = await articleAt(res.headers.get("location"), secret);
    expect(article.image).toMatchObject({ type: "image/png", width: 640, height: 360 });
    expect(article.image?.url).toMatch(/^\/media\/[0-9a-f]{32}\.png$/);
    expect((await env.MEDIA.list()).objects).toHaveLength(1);
  });
});

describe("Micropub create, JSON", () => {
  it("maps an h-entry with HTML content, photo with alt, author h-card", async () => {
    const { secret } = await mintToken();
    const upload = await request("/api/v1/media", {
      method: "POST",
      headers: { authorization: `Bearer ${secret}`, "content-type": "image/png" },
      body: png(1200, 800),
    });
    const photoUrl = upload.headers.get("location") ?? "";
    const res = await json(secret, {
      type: ["h-entry"],
      properties: {
        name: ["以“小网格”撬动基层“大治理”"],
        content: [{ html: "<p>正文<script>x()</script></p>" }],
        category: ["基层治理"],
        photo: [{ value: photoUrl, alt: "网格员走访居民" }, "https://images.example.org/second.jpg"],
        author: [{ type: ["h-card"], properties: { name: ["林晓舟"], url: ["https://example.org/lin"] } }],
        "mp-slug": ["grid-governance"],
        location: ["geo:34.2,117.2"],
      },
    });
    expect(res.status).toBe(201);
    const article = await articleAt(res.headers.get("location"), secret);
    expect(article.bodyHtml).toBe(
      '<p>正文</p><p><img src="https://images.example.org/second.jpg" alt=""></p>',
    );
    expect(article.image).toMatchObject({
      alt: "网格员走访居民",
      type: "image/png",
      width: 1200,
      height: 800,
    });
    expect(article.image?.url).toBe(new URL(photoUrl).pathname);
    expect(article.authors).toEqual([{ name: "林晓舟", url: "https://example.org/lin" }]);
  });
});

describe("Micropub errors", () => {
  it("401 unauthorized without a token, with Micropub's error member", async () => {
    const res = await form(null, [["name", "x"]]);
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(res.headers.get("www-authenticate")).toContain("Bearer");
    expect(((await res.json()) as MicropubError).error).toBe("unauthorized");
    const bad = await form("enf_not-a-token", [["name", "x"]]);
    expect(bad.status).toBe(401);
    expect(((await bad.json()) as MicropubError).error).toBe("unauthorized");
  });

  it("insufficient_scope when publishing without articles:publish; a draft is fine", async () => {
    const { secret } = await mintToken(["articles:write", "drafts:read"]);
    const before = await dumpDatabase();
    const res = await form(secret, [["name", "Published by default"]]);
    expect(res.status).toBe(401);
    const body = (await res.json()) as MicropubError;
    expect(body).toMatchObject({ error: "insufficient_scope", scope: "articles:publish" });
    expect(await dumpDatabase()).toBe(before);
    const draft = await form(secret, [
      ["name", "Draft"],
      ["post-status", "draft"],
    ]);
    expect(draft.status).toBe(201);
  });

  it("400 invalid_request naming the property, writing nothing", async () => {
    const { secret } = await mintToken();
    const before = await dumpDatabase();
    const cases: [string, string][][] = [
      [
        ["name", "x"],
        ["mp-slug", "Not A Slug"],
      ],
      [
        ["name", "x"],
        ["published", "yesterday"],
      ],
      [
        ["name", "x"],
        ["post-status", "private"],
      ],
      [
        ["h", "event"],
        ["name", "x"],
      ],
      [["content", ""]],
    ];
    const pointers: string[] = [];
    for (const fields of cases) {
      const res = await form(secret, fields);
      expect(res.status).toBe(400);
      const body = (await res.json()) as MicropubError;
      expect(body.error).toBe("invalid_request");
      pointers.push(body.errors?.[0]?.pointer ?? "");
    }
    expect(pointers).toEqual([
      "/properties/mp-slug",
      "/properties/published",
      "/properties/post-status",
      "/h",
      "/properties/name",
    ]);
    const both = await form(secret, [
      ["access_token", secret],
      ["name", "x"],
    ]);
    expect(both.status).toBe(400);
    const notArrays = await json(secret, { type: ["h-entry"], properties: { name: "x" } });
    expect(notArrays.status).toBe(400);
    expect(await dumpDatabase()).toBe(before);
  });

  it("refuses a photo file that is not an image, storing nothing", async () => {
    const { secret } = await mintToken();
    const body = new FormData();
    body.append("name", "x");
    body.append("photo", new File(["<svg/>"], "x.svg", { type: "image/svg+xml" }));
    const res = await request("/micropub", {
      method: "POST",
      headers: { authorization: `Bearer ${secret}` },
      body,
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as MicropubError).error).toBe("invalid_request");
    expect((await env.MEDIA.list()).objects).toHaveLength(0);
  });
});
