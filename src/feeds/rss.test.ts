import { describe, expect, it } from "vitest";
import { article, DECEMBER_ARCHIVE, FIRST_PAGE, PUBLISHED, SITE } from "../../test/fixtures/article-rows";
import { parsedXmlFeed } from "../../test/fixtures/parsed-feed";
import { buildFeedModel, type FeedPaging } from "./model";
import { renderRss } from "./rss";

const render = (articles = [article()], paging: FeedPaging = FIRST_PAGE) =>
  renderRss(buildFeedModel(articles, SITE, { kind: "site", key: "" }, paging, PUBLISHED));

const parsed = (xml: string) => parsedXmlFeed(xml, "rss");

const decodeHtml = (html: string) =>
  html.replace(/&(lt|gt|amp);/g, (_, name: string) => ({ lt: "<", gt: ">", amp: "&" })[name] ?? "");

describe("renderRss", () => {
  it("writes a valid RSS 2.0 channel with no <author>, names as dc:creator, a non-permalink guid", () => {
    const xml = render([article({ guid: "urn:uuid:1" })]);
    expect(xml).not.toContain("<author>");
    const feed = parsed(xml);
    expect(feed.title).toBe("城市观察");
    expect(feed.lastBuildDate).toBe("Wed, 09 Dec 2020 01:50:37 GMT");
    const item = feed.items?.[0];
    expect(item?.guid).toEqual({ value: "urn:uuid:1", isPermaLink: false });
    expect(item?.dc?.creators).toEqual(["林晓舟"]);
    expect(item?.pubDate).toBe("Wed, 09 Dec 2020 01:50:37 GMT");
  });

  it("reads back hostile text exactly, minus the characters XML forbids", () => {
    const title = "x < y & z 《标题》 ]]> &amp; ]]]]> \u0001\u001f\ufffe end";
    const xml = render([article({ title, summary: "s ]]> & <b>", authors: [{ name: "A & B <c>" }] })]);
    const item = parsed(xml).items?.[0];
    // The title looks like markup ("&amp;"), so it is HTML-escaped text: decoded, it is what was typed.
    expect(decodeHtml(item?.title ?? "")).toBe("x < y & z 《标题》 ]]> &amp; ]]]]>  end");
    expect(item?.description).toBe("s ]]&gt; &amp; &lt;b&gt;");
    expect(item?.dc?.creators).toEqual(["A & B <c>"]);
  });

  it("writes RFC 5005 links and fh:archive through extensions", () => {
    const xml = render([article()], DECEMBER_ARCHIVE("2020-11"));
    expect(xml).toContain("<fh:archive/>");
    const links = parsed(xml).atom?.links ?? [];
    expect(links.map((l) => l.rel)).toEqual(["self", "hub", "current", "prev-archive"]);
  });

  it("writes an empty channel for an empty feed", () => {
    const feed = parsed(render([]));
    expect(feed.items ?? []).toEqual([]);
  });

  it("is deterministic", () => {
    const articles = [article(), article({ language: "en", image: { url: "/a.jpg", caption: "c" } })];
    expect(render(articles)).toBe(render(articles));
  });
});

describe("RSS for real readers", () => {
  it("writes plain titles as text and markup-like titles as HTML-escaped text with hex references", () => {
    const titles = [
      "AT&T 1 < 2 以“小网格”",
      "x <b> y",
      "<script>alert(1)</script>",
      "Tom &amp; Jerry",
      "a &#39; b",
    ];
    const xml = render(titles.map((title) => article({ title })));
    expect(xml).toContain("<title><![CDATA[AT&T 1 < 2 以“小网格”]]></title>");
    expect(xml).toContain("<title>x &#x26;lt;b&#x26;gt; y</title>");
    expect(xml).toContain("<title>&#x26;lt;script&#x26;gt;alert(1)&#x26;lt;/script&#x26;gt;</title>");
    expect(xml).toContain("<title>Tom &#x26;amp;amp; Jerry</title>");
    const read = parsed(xml).items?.map((i) => i.title ?? "") ?? [];
    expect(read[0]).toBe(titles[0]);
    expect(read.slice(1).map(decodeHtml)).toEqual(titles.slice(1));
  });

  it("applies the title rule to a channel titled after an editor's tag", () => {
    const doc = buildFeedModel(
      [article()],
      SITE,
      { kind: "tag", key: "x <b>bold</b>" },
      FIRST_PAGE,
      PUBLISHED,
    );
    expect(renderRss(doc)).toContain(
      "<channel>\n        <title>#x &#x26;lt;b&#x26;gt;bold&#x26;lt;/b&#x26;gt; – 城市观察</title>",
    );
    expect(render()).toContain("<channel>\n        <title>城市观察</title>");
  });

  it("puts description after the media caption and writes no <source> beside dc:source", () => {
    const xml = render([
      article({
        summary: "Harbor City's summary",
        image: { url: "/a.jpg", caption: "caption", credit: "credit" },
        source: { name: "Harbor City Ledger", url: "https://ledger.example.org/" },
      }),
    ]);
    const item = xml.slice(xml.indexOf("<item>"));
    expect(item.indexOf("<media:description")).toBeGreaterThan(item.indexOf("<content:encoded>"));
    expect(item.indexOf("<description>")).toBeGreaterThan(item.indexOf("</media:content>"));
    expect(item).toContain("<description><![CDATA[Harbor City&#39;s summary]]></description>");
    expect(item).not.toContain("&apos;");
    expect(item).not.toMatch(/<source[\s>]/);
    expect(item).toContain("<dc:source>Harbor City Ledger</dc:source>");
  });

  it("names the CSS stylesheet right after the XML declaration", () => {
    expect(render()).toMatch(
      /^<\?xml version="1.0" encoding="utf-8"\?><\?xml-stylesheet href="\/assets\/feed\.[0-9a-f]{8}\.css" type="text\/css"\?>\n<rss /,
    );
  });
});
