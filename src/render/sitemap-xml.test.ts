import { describe, expect, it } from "vitest";
import { escapeXml, newsLanguage, newsSitemapXml, robotsTxt, urlSetXml } from "./sitemap-xml";

describe("sitemap XML", () => {
  it("escapes markup and ampersands in URLs and titles", () => {
    expect(escapeXml(`a&b<c>"d"'e'`)).toBe("a&amp;b&lt;c&gt;&quot;d&quot;&apos;e&apos;");
    const xml = newsSitemapXml(
      [
        {
          loc: "https://x.test/a?b=1&c=2",
          title: "</news:title><x>",
          language: "en",
          publicationDate: "2020-12-09T09:50:37+08:00",
        },
      ],
      "A & B",
    );
    expect(xml).toContain("<loc>https://x.test/a?b=1&amp;c=2</loc>");
    expect(xml).toContain("<news:title>&lt;/news:title&gt;&lt;x&gt;</news:title>");
    expect(xml).toContain("<news:name>A &amp; B</news:name>");
  });

  it("writes an empty urlset when there is nothing to list", () => {
    expect(urlSetXml([])).toContain(
      '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n</urlset>',
    );
  });

  it("maps language tags to Google News codes", () => {
    expect(newsLanguage("zh-CN")).toBe("zh-cn");
    expect(newsLanguage("zh-Hans")).toBe("zh-cn");
    expect(newsLanguage("zh")).toBe("zh-cn");
    expect(newsLanguage("zh-Hant-TW")).toBe("zh-tw");
    expect(newsLanguage("zh-TW")).toBe("zh-tw");
    expect(newsLanguage("en-US")).toBe("en");
  });

  it("lists the sitemaps in robots.txt", () => {
    expect(robotsTxt(["https://x.test/sitemap.xml"])).toBe(
      "User-agent: *\nDisallow: /api/\n\nSitemap: https://x.test/sitemap.xml\n",
    );
  });
});
