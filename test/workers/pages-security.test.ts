import { beforeEach, describe, expect, it } from "vitest";
import { chineseArticle } from "../fixtures/articles";
import { resetDatabase } from "./support/database";
import { createArticle, mintToken, request } from "./support/helpers";
import { attr, findOne, parseHtml } from "./support/html";

beforeEach(resetDatabase);

function cspDirectives(header: string | null): Map<string, string> {
  return new Map(
    (header ?? "").split(";").map((part) => {
      const [name = "", ...values] = part.trim().split(/\s+/);
      return [name, values.join(" ")];
    }),
  );
}

describe("security headers on HTML", () => {
  it("sends a strict CSP and the hono secure-headers set on article, listing and error pages", async () => {
    const { secret } = await mintToken();
    await createArticle(secret, chineseArticle({ slug: "secure" }));
    for (const path of ["/articles/secure", "/", "/articles/missing"]) {
      const res = await request(path);
      const csp = cspDirectives(res.headers.get("content-security-policy"));
      expect(Object.fromEntries(csp), path).toEqual({
        "default-src": "'none'",
        "style-src": "'self'",
        "img-src": "'self' https:",
        "connect-src": "'self'",
        "base-uri": "'none'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
      });
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("cross-origin-opener-policy")).toBe("same-origin");
    }
  });

  it("leaves JSON API responses without page headers", async () => {
    const res = await request("/api/v1/articles");
    expect(res.headers.get("content-security-policy")).toBeNull();
    expect(res.headers.get("cross-origin-resource-policy")).toBeNull();
  });
});

describe("GET /assets/site.<hash>.css", () => {
  it("serves the linked stylesheet with a year-long immutable cache; older hashes briefly", async () => {
    const home = parseHtml(await (await request("/")).text());
    const href = attr(findOne(home.document, "link", { rel: "stylesheet" }), "href") ?? "";
    const res = await request(href);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    const css = await res.text();
    expect(css).toContain('"PingFang SC"');
    expect(css).toContain('"Noto Sans CJK SC"');
    expect(css).toContain('"Microsoft YaHei"');
    expect(css).toContain("@media print");
    const old = await request("/assets/site.00000000.css");
    expect(old.headers.get("cache-control")).toBe("public, max-age=300");
    expect((await request("/assets/other.css")).status).toBe(404);
  });
});

describe("site icon", () => {
  it("serves the SVG icon the pages and feeds reference, and redirects /favicon.ico to it", async () => {
    const icon = await request("/favicon.svg");
    expect(icon.status).toBe(200);
    expect(icon.headers.get("content-type")).toBe("image/svg+xml");
    expect(await icon.text()).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    const legacy = await request("/favicon.ico", { redirect: "manual" });
    expect(legacy.status).toBe(301);
    expect(legacy.headers.get("location")).toMatch(/\/favicon\.svg$/);
  });
});
