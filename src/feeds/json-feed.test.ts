import { describe, expect, it } from "vitest";
import { article, DECEMBER_ARCHIVE, PUBLISHED, SITE } from "../../test/fixtures/article-rows";
import { renderJsonFeed } from "./json-feed";
import { buildFeedModel, type FeedPaging } from "./model";

const PAGE: FeedPaging = {
  kind: "page",
  cursor: null,
  limit: null,
  next: { at: 1, id: 2 },
  previous: null,
  prevArchive: null,
};
const render = (articles = [article()], paging: FeedPaging = PAGE) =>
  JSON.parse(renderJsonFeed(buildFeedModel(articles, SITE, { kind: "site", key: "" }, paging, PUBLISHED)));

describe("renderJsonFeed", () => {
  it("writes JSON Feed 1.1: authors array, language, hubs, next_url", () => {
    const feed = render();
    expect(feed.version).toBe("https://jsonfeed.org/version/1.1");
    expect(feed.language).toBe("zh-CN");
    expect(feed.authors).toEqual([{ name: "城市观察", url: "https://news.example.com/" }]);
    expect(feed.hubs).toEqual([{ type: "WebSub", url: "https://hub.example.com/" }]);
    expect(feed.feed_url).toBe("https://news.example.com/feed.json");
    expect(feed.next_url).toBe("https://news.example.com/feed.json?cursor=djEuMS4y");
    expect(feed).not.toHaveProperty("author");
  });

  it("always writes an item id and content_html, and never null members", () => {
    const feed = render([
      article({ bodyHtml: "", summary: "", subtitle: null, editors: [], tags: [], authors: [] }),
    ]);
    const item = feed.items[0];
    expect(item.id).toMatch(/^urn:uuid:/);
    expect(item.content_html).toBe("");
    expect(JSON.stringify(feed)).not.toContain("null");
    expect(item).not.toHaveProperty("summary");
    expect(item).not.toHaveProperty("authors");
  });

  it("carries subtitle, section, editors, source, print edition and image details in _news", () => {
    const item = render([
      article({
        subtitle: "副题",
        source: { name: "城市观察报" },
        printEdition: { date: "2020-12-07", page: "17" },
        image: { url: "https://img.example/a.jpg", caption: "图", credit: "供图", width: 10 },
      }),
    ]).items[0];
    expect(item.image).toBe("https://img.example/a.jpg");
    expect(item._news).toEqual({
      subtitle: "副题",
      section: ["深度报道", "自媒体"],
      authors: [{ name: "林晓舟", title: "组织部部长" }],
      editors: [{ name: "苏青禾" }],
      source: { name: "城市观察报" },
      printEdition: { date: "2020-12-07", page: "17", citation: "城市观察报, 2020-12-07, p. 17" },
      image: { caption: "图", credit: "供图", width: 10 },
    });
  });

  it("drops the characters the XML formats cannot carry, so all formats read the same", () => {
    const item = render([article({ title: "a\u0000b\ufffe\u001fc 🎉" })]).items[0];
    expect(item.title).toBe("abc 🎉");
  });

  it("walks archives through next_url and names the RFC 5005 relations in _news", () => {
    const feed = render([article()], DECEMBER_ARCHIVE("2020-10"));
    expect(feed.next_url).toBe("https://news.example.com/archive/2020-10/feed.json");
    expect(feed._news).toMatchObject({
      archive: true,
      current_url: "https://news.example.com/feed.json",
      prev_archive_url: "https://news.example.com/archive/2020-10/feed.json",
    });
  });
});
