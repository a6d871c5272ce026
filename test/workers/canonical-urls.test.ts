// One resource, one URL: other spellings redirect to the canonical one, and every link, Location,
// validator and cache entry is the canonical one on SITE_URL, whatever Host the request named.
import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { normalizePercentEncoding } from "../../src/routes/canonical-path";
import { chineseArticle } from "../fixtures/articles";
import { createArticle, jsonRequest, mintToken, ORIGIN, request } from "./support/helpers";

const OTHER_HOST = "https://attacker.example";
// A name that encodeURIComponent escapes but a URL parser leaves alone: two spellings reach one tag.
const TAG = "c++";
const TAG_PATH = "/tag/c%2B%2B";

const viaHost = (host: string, path: string, init: RequestInit = {}) =>
  exports.default.fetch(new Request(`${host}${path}`, init));

let token: string;
beforeAll(async () => {
  token = (await mintToken()).secret;
  await createArticle(token, chineseArticle({ slug: "canonical-urls", tags: [TAG, "社区"] }));
});

describe("non-canonical spellings redirect (301) to the canonical URL on SITE_URL", () => {
  const cases: [string, string][] = [
    ["/%66eed.xml", "/feed.xml"],
    ["/%66eed.xml?limit=5", "/feed.xml?limit=5"],
    ["/tag/%e7%a4%be%e5%8c%ba/feed.xml", "/tag/%E7%A4%BE%E5%8C%BA/feed.xml"],
    ["/tag/%e7%a4%be%e5%8c%ba", "/tag/%E7%A4%BE%E5%8C%BA"],
    ["/t%61g/%E7%A4%BE%E5%8C%BA/atom.xml", "/tag/%E7%A4%BE%E5%8C%BA/atom.xml"],
    ["/tag/c++/feed.json", `${TAG_PATH}/feed.json`],
    ["/tag/c++", TAG_PATH],
    ["/articles/canonical%2Durls", "/articles/canonical-urls"],
    ["/%61rticles/canonical-urls", "/articles/canonical-urls"],
    ["/api/v1/%61rticles?limit=1", "/api/v1/articles?limit=1"],
  ];
  for (const [spelled, canonical] of cases) {
    it(`${spelled} → ${canonical}`, async () => {
      for (const host of [ORIGIN, OTHER_HOST]) {
        const res = await viaHost(host, spelled, { redirect: "manual" });
        expect(res.status).toBe(301);
        expect(res.headers.get("location")).toBe(`${ORIGIN}${canonical}`);
        expect(res.headers.get("cache-control")).toMatch(/max-age=\d+/);
        const target = await request(canonical, { redirect: "manual" });
        expect(target.status).toBe(200);
      }
    });
  }

  it("leaves writes alone: a POST is never redirected", async () => {
    const res = await jsonRequest("POST", "/api/v1/%61rticles", token, {});
    expect(res.status).not.toBe(301);
  });
});

describe("normalizePercentEncoding (RFC 3986 §6.2.2)", () => {
  it("upper-cases escapes and decodes unreserved ones, but never into a dot segment", () => {
    const table: [string, string][] = [
      ["/feed.xml", "/feed.xml"],
      ["/%66eed.xml", "/feed.xml"],
      ["/tag/%e7%a4%be", "/tag/%E7%A4%BE"],
      ["/a%2Db%5f%7e%41%5A%61%7A%30%39", "/a-b_~AZaz09"],
      ["/a%2fb%3f%25%2B", "/a%2Fb%3F%25%2B"],
      ["/a%2Eb", "/a.b"],
      ["/x/%2e%2e/y", "/x/%2E%2E/y"],
      ["/x/%2E", "/x/%2E"],
      ["/%zz/%e", "/%zz/%e"],
    ];
    for (const [input, expected] of table) expect(normalizePercentEncoding(input), input).toBe(expected);
  });
});

describe("one validator, one self link, one cache entry per feed", () => {
  it("serves a feed asked for on another Host under SITE_URL's self link, ETag and cache entry", async () => {
    const path = `${TAG_PATH}/atom.xml`;
    const first = await request(path);
    expect(first.status).toBe(200);
    await first.text();
    const again = await viaHost(OTHER_HOST, path);
    expect(again.status).toBe(200);
    expect(again.headers.get("etag")).toBe(first.headers.get("etag"));
    expect(again.headers.get("link")).toBe(first.headers.get("link"));
    expect(again.headers.get("link")).toContain(`<${ORIGIN}${path}>; rel="self"`);
    expect(again.headers.get("x-edge-cache")).toBe("hit");
    expect(await again.text()).not.toContain("attacker.example");
  });
});

describe("Location and links come from SITE_URL, never from the Host header", () => {
  it("the old-slug redirect of an article page is absolute on SITE_URL", async () => {
    const created = await createArticle(token, chineseArticle({ slug: "old-spelling" }));
    const renamed = await jsonRequest(
      "PATCH",
      `/api/v1/articles/${created.id}`,
      token,
      { slug: "new-spelling" },
      {
        "if-match": `"a${created.id}-v1"`,
      },
    );
    expect(renamed.status).toBe(200);
    const res = await viaHost(OTHER_HOST, "/articles/old-spelling", { redirect: "manual" });
    expect(res.status).toBe(301);
    expect(res.headers.get("location")).toBe(`${ORIGIN}/articles/new-spelling`);
  });

  it("the API's next link and a create's Location name SITE_URL", async () => {
    const list = await viaHost(OTHER_HOST, "/api/v1/articles?limit=1");
    const body = (await list.json()) as { next: string | null };
    expect(body.next).toMatch(new RegExp(`^${ORIGIN}/api/v1/articles\\?`));

    const created = await viaHost(OTHER_HOST, "/api/v1/articles", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify(chineseArticle({ slug: "located" })),
    });
    expect(created.status).toBe(201);
    expect(created.headers.get("location")).toMatch(new RegExp(`^${ORIGIN}/api/v1/articles/\\d+$`));
  });
});
