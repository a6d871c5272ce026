import { jsx } from "hono/jsx";
import { describe, expect, it } from "vitest";
import { headLink } from "./layout";

describe("headLink", () => {
  it("writes a link byte for byte as hono/jsx's <link> does, escaping included", () => {
    const cases: Record<string, string>[] = [
      { rel: "canonical", href: "https://news.example.com/articles/a?x=1&y=2" },
      { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
      {
        rel: "alternate",
        type: "application/rss+xml",
        title: `社区 "网格" <a> & 'b' (RSS)`,
        href: "https://e.example/%E7%A4%BE",
      },
    ];
    for (const attributes of cases) {
      expect(String(headLink(attributes))).toBe(String(jsx("link", attributes)));
    }
  });
});
