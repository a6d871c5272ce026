import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { chineseArticle } from "../fixtures/articles";
import { gif, jpeg, png, webpVp8x } from "../fixtures/images";
import { createArticle, mintToken, ORIGIN, request } from "./support/helpers";

async function clearBucket() {
  const listed = await env.MEDIA.list();
  if (listed.objects.length > 0) await env.MEDIA.delete(listed.objects.map((o) => o.key));
}

beforeEach(clearBucket);

function upload(token: string | null, body: BodyInit, contentType?: string) {
  return request("/api/v1/media", {
    method: "POST",
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(contentType ? { "content-type": contentType } : {}),
    },
    body,
  });
}

interface MediaAnswer {
  url: string;
  href: string;
  key: string;
  type: string;
  length: number;
  width: number | null;
  height: number | null;
  image: Record<string, unknown>;
}

describe("POST /api/v1/media", () => {
  it("stores a raw PNG and answers its URL, type, length and size", async () => {
    const { secret } = await mintToken();
    const bytes = png(1200, 800);
    const res = await upload(secret, bytes, "image/png");
    expect(res.status).toBe(201);
    const body = (await res.json()) as MediaAnswer;
    expect(body.url).toMatch(/^\/media\/[0-9a-f]{32}\.png$/);
    expect(res.headers.get("location")).toBe(`${ORIGIN}${body.url}`);
    expect(body).toMatchObject({ type: "image/png", length: bytes.length, width: 1200, height: 800 });
    expect(body.image).toEqual({
      url: body.url,
      type: "image/png",
      length: bytes.length,
      width: 1200,
      height: 800,
    });
  });

  it("trusts the bytes, not the Content-Type header", async () => {
    const { secret } = await mintToken();
    const res = await upload(secret, jpeg(640, 480), "image/png");
    const body = (await res.json()) as MediaAnswer;
    expect(body.type).toBe("image/jpeg");
    expect(body.url).toMatch(/\.jpg$/);
    const served = await request(body.url);
    expect(served.headers.get("content-type")).toBe("image/jpeg");
  });

  it("accepts multipart/form-data with a file field", async () => {
    const { secret } = await mintToken();
    const form = new FormData();
    form.append("file", new File([webpVp8x(4000, 3000)], "photo.webp", { type: "image/webp" }));
    const res = await upload(secret, form);
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ type: "image/webp", width: 4000, height: 3000 });
  });

  it("gives the same URL for the same bytes and stores one object", async () => {
    const { secret } = await mintToken();
    const a = (await (await upload(secret, gif(10, 10), "image/gif")).json()) as MediaAnswer;
    const b = (await (await upload(secret, gif(10, 10), "image/gif")).json()) as MediaAnswer;
    expect(a.url).toBe(b.url);
    expect((await env.MEDIA.list()).objects).toHaveLength(1);
  });

  it("refuses other types (415), empty bodies (422), oversized ones (413), and stores nothing", async () => {
    const { secret } = await mintToken();
    const svg = await upload(secret, '<svg xmlns="http://www.w3.org/2000/svg"/>', "image/svg+xml");
    expect(svg.status).toBe(415);
    expect(svg.headers.get("content-type")).toContain("application/problem+json");
    expect(((await svg.json()) as { errors: { pointer: string }[] }).errors[0]?.pointer).toBe("/file");
    expect((await upload(secret, "hello", "text/plain")).status).toBe(415);
    expect((await upload(secret, new Uint8Array(0), "image/png")).status).toBe(422);
    const huge = new Uint8Array(10 * 1024 * 1024 + 1);
    huge.set(png(1, 1));
    const big = await upload(secret, huge, "image/png");
    expect(big.status).toBe(413);
    const form = new FormData();
    form.append("other", "x");
    expect((await upload(secret, form)).status).toBe(422);
    expect((await env.MEDIA.list()).objects).toHaveLength(0);
  });

  it("needs a token with articles:write", async () => {
    expect((await upload(null, png(1, 1), "image/png")).status).toBe(401);
    const { secret } = await mintToken(["drafts:read"]);
    expect((await upload(secret, png(1, 1), "image/png")).status).toBe(403);
    expect((await env.MEDIA.list()).objects).toHaveLength(0);
  });
});

describe("GET /media/:key", () => {
  it("serves the bytes with the type, length, an ETag and immutable caching; 304 on a match", async () => {
    const { secret } = await mintToken();
    const bytes = png(2, 3);
    const { url } = (await (await upload(secret, bytes, "image/png")).json()) as MediaAnswer;
    const res = await request(url);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("content-length")).toBe(String(bytes.length));
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes);
    const etag = res.headers.get("etag") ?? "";
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    const again = await request(url, { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
  });

  it("answers 404 problem+json for unknown or malformed keys", async () => {
    const missing = await request(`/media/${"0".repeat(32)}.png`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).toContain("application/problem+json");
    expect((await request("/media/..%2Fsecret")).status).toBe(404);
  });

  it("answers 404, never 304, for a missing key whatever If-None-Match says", async () => {
    const key = `${"ab".repeat(16)}.png`;
    const etag = `"${"ab".repeat(16)}"`;
    for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`]) {
      const res = await request(`/media/${key}`, { headers: { "if-none-match": ifNoneMatch } });
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
    }
  });
});

describe("an uploaded image as an article's lead image", () => {
  it("keeps type and length on the article, for feed enclosures", async () => {
    const { secret } = await mintToken();
    const { image } = (await (await upload(secret, png(1200, 800), "image/png")).json()) as MediaAnswer;
    const article = await createArticle(secret, chineseArticle({ image: { ...image, caption: "说明" } }));
    expect(article.image).toMatchObject({ type: "image/png", width: 1200, height: 800, caption: "说明" });
    expect(article.image?.url).toMatch(/^\/media\//);
  });
});
