import { describe, expect, it } from "vitest";
import { article, FIRST_PAGE, PUBLISHED, SITE } from "../../test/fixtures/article-rows";
import { parsedXmlFeed } from "../../test/fixtures/parsed-feed";
import { renderAtom } from "./atom";
import { buildFeedModel, type FeedPaging } from "./model";

const render = (articles = [article()], paging: FeedPaging = FIRST_PAGE) =>
  renderAtom(buildFeedModel(articles, SITE, { kind: "author", key: "林晓舟" }, paging, PUBLISHED));

const parsed = (xml: string) => parsedXmlFeed(xml, "atom");

describe("renderAtom", () => {
  it("writes titles as escaped text that reads back exactly", () => {
    const xml = render([article({ title: "x < y & z 《标题》 ]]> &amp;\u0000" })]);
    expect(xml).toContain('<title type="text">x &lt; y &amp; z 《标题》 ]]&gt; &amp;amp;</title>');
    expect(parsed(xml).entries?.[0]?.title).toEqual({ value: "x < y & z 《标题》 ]]> &amp;", type: "text" });
  });

  it("declares the feed language and marks entries in another language", () => {
    const feed = parsed(render([article({ language: "en" }), article()]));
    expect(feed.xml?.lang).toBe("zh-CN");
    expect(feed.entries?.map((e) => e.xml?.lang)).toEqual(["en", undefined]);
  });

  it("writes published in the article's own offset and RFC 3339 everywhere", () => {
    const feed = parsed(render([article({ publishedOffset: -300 })]));
    expect(feed.updated).toBe("2020-12-09T09:50:37+08:00");
    expect(feed.entries?.[0]?.published).toBe("2020-12-08T20:50:37-05:00");
  });

  it("writes editors as contributors, the section path and tags as categories, HTML content escaped", () => {
    const entry = parsed(render([article({ bodyHtml: "<p>a &amp; b</p>" })])).entries?.[0];
    expect(entry?.contributors).toEqual([{ name: "苏青禾" }]);
    expect(entry?.categories?.map((c) => c.term)).toEqual(["深度报道/自媒体", "基层治理"]);
    expect(entry?.content).toEqual({ value: "<p>a &amp; b</p>", type: "html" });
  });

  it("marks archive documents and links their neighbours", () => {
    const xml = render([article()], {
      kind: "archive",
      period: "2020-12",
      prevArchive: null,
      nextArchive: "2021-02",
    });
    expect(xml).toContain("<fh:archive/>");
    expect(parsed(xml).links?.map((l) => l.rel)).toEqual([
      "self",
      "alternate",
      "hub",
      "current",
      "next-archive",
    ]);
  });

  it("is valid without entries and deterministic", () => {
    expect(parsed(render([])).entries ?? []).toEqual([]);
    const articles = [article()];
    expect(render(articles)).toBe(render(articles));
  });
});
