import { describe, expect, it } from "vitest";
import { rawPath, requestPathname } from "../../src/routes/canonical-path";

// The feed route and the canonical-path checks read the request's path without a URL parse when the
// path is spelled as a parser would leave it; for every other spelling they parse. Either way the
// answer must be the parser's.
const URLS = [
  "https://news.example.com/",
  "https://news.example.com",
  "https://news.example.com?q=/x",
  "https://news.example.com#/frag",
  "https://news.example.com/feed.xml",
  "https://news.example.com/feed.xml?limit=1&cursor=a/b",
  "https://news.example.com/section/%E6%B7%B1%E5%BA%A6/feed.xml",
  "https://news.example.com/tag/%e7%a4%be/feed.xml",
  "https://news.example.com/articles/a-b_c~d.e!$&'()*+,;=:@",
  "https://news.example.com/a/./feed.xml",
  "https://news.example.com/a/../feed.xml",
  "https://news.example.com/a/%2e%2E/feed.xml",
  "https://news.example.com/a/%2e/feed.xml",
  "https://news.example.com/a/.x/..y/feed.xml",
  "https://news.example.com/a\\feed.xml",
  "https://news.example.com/深度/feed.xml",
  "https://news.example.com/a b/feed.xml",
  'https://news.example.com/a"<>`{}|^/feed.xml',
  "https://news.example.com//double//slash",
  "https://news.example.com/%zz/%/feed.xml",
  "https://user:pw@news.example.com:8443/x/y?z#w",
];

describe("requestPathname", () => {
  it("is new URL(url).pathname for every spelling", () => {
    for (const url of URLS) expect(requestPathname(url), url).toBe(new URL(url).pathname);
  });

  it("reads a serialized URL's path as it is", () => {
    for (const url of URLS) {
      const serialized = new URL(url).toString();
      expect(rawPath(serialized), serialized).toBe(new URL(url).pathname);
    }
  });
});
