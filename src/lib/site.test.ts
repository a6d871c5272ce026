import { describe, expect, it } from "vitest";
import { absoluteUrl, type SiteConfig } from "./site";

// absoluteUrl skips the URL parser for paths it would copy as they are; the parser is the reference.
const site = (url: string) => ({ url }) as SiteConfig;
const parsed = (url: string, path: string) => {
  try {
    return new URL(path, `${url}/`).toString();
  } catch (err) {
    return `throws ${(err as Error).name}`;
  }
};
const written = (url: string, path: string) => {
  try {
    return absoluteUrl(site(url), path);
  } catch (err) {
    return `throws ${(err as Error).name}`;
  }
};

const BASES = [
  "http://127.0.0.1:8787",
  "https://news.example.com",
  "https://News.Example.COM",
  "https://u:p@x.example:443/sub",
];
const PIECES = [
  "a",
  "Z",
  "0",
  "-",
  ".",
  "..",
  "_",
  "~",
  "!",
  "$",
  "&",
  "'",
  "(",
  ")",
  "*",
  "+",
  ",",
  ";",
  "=",
  ":",
  "@",
  "%",
  "%2e",
  "%2E",
  "/",
  "//",
  "?",
  "#",
  " ",
  "中",
  "\\",
  "|",
  "^",
  "[",
  "]",
  "`",
  "{",
  "}",
  '"',
  "<",
  ">",
  "\t",
  "%E4%B8%AD",
  "https:",
  "x.xml",
];

describe("absoluteUrl", () => {
  it("gives the URL parser's answer for every path, dot segments, escapes and other hosts included", () => {
    let seed = 5005;
    const pick = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return PIECES[seed % PIECES.length] ?? "";
    };
    for (let i = 0; i < 20_000; i++) {
      const url = BASES[i % BASES.length] ?? "";
      let path = i % 10 === 0 ? "" : "/";
      for (let j = 0; j < (i % 7) + 1; j++) path += pick();
      expect(written(url, path), `${url} + ${JSON.stringify(path)}`).toBe(parsed(url, path));
    }
  });

  it("resolves the paths pages use against the site's origin", () => {
    expect(absoluteUrl(site("https://x.example/news"), "/articles/a%E4")).toBe(
      "https://x.example/articles/a%E4",
    );
    expect(absoluteUrl(site("https://x.example"), "/a/../b")).toBe("https://x.example/b");
    expect(absoluteUrl(site("https://x.example"), "//evil.example/x")).toBe("https://evil.example/x");
    expect(absoluteUrl(site("https://x.example"), "https://other.example/p")).toBe("https://other.example/p");
  });
});
