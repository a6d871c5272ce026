import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { absoluteUrl, type SiteConfig } from "./site";

const site = (url: string) => ({ url }) as SiteConfig;
const viaUrl = (url: string, path: string) => {
  try {
    return new URL(path, `${url}/`).toString();
  } catch (error) {
    return error instanceof TypeError ? "TypeError" : String(error);
  }
};
const joined = (url: string, path: string) => {
  try {
    return absoluteUrl(site(url), path);
  } catch (error) {
    return error instanceof TypeError ? "TypeError" : String(error);
  }
};

const SITES = [
  "https://news.example.com",
  "http://127.0.0.1:8787",
  "https://News.Example.com",
  "https://news.example.com:443",
  "https://example.com/news",
  "https://user@example.com",
  "https://新闻.example",
];

describe("absoluteUrl", () => {
  it("gives exactly what URL gives for the paths the site links", () => {
    const paths = [
      "/",
      "/articles/bench-504",
      "/section/%E6%B7%B1%E5%BA%A6%E6%8A%A5%E9%81%93/feed.xml",
      "/tag/~feed.xml",
      "/feed.xml?cursor=abc%3D&limit=5",
      "/a/./b",
      "/a/../b",
      "/a/%2e%2E/b",
      "/.well-known/x",
      "//evil.example/x",
      "/a b",
      "/a?b='c'",
      "/a#frag",
      "/a\\b",
      "/中文",
      "https://elsewhere.example/x",
      "relative/path",
      "",
    ];
    for (const url of SITES)
      for (const path of paths) expect(joined(url, path), `${url} ${path}`).toBe(viaUrl(url, path));
  });

  it("agrees with URL on any path over the characters that matter to it", () => {
    const unit = fc.constantFrom(..."/.%2eE?#&=a~ '\\\"<>`{}|^@:中\t\n".split(""));
    fc.assert(
      fc.property(fc.constantFrom(...SITES), fc.string({ unit, maxLength: 12 }), (url, tail) => {
        for (const path of [`/${tail}`, tail]) expect(joined(url, path)).toBe(viaUrl(url, path));
      }),
      { numRuns: 3000 },
    );
  });
});
