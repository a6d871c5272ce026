import { XMLValidator } from "fast-xml-parser";
import { parseFeed } from "feedsmith";
import { describe, expect, it } from "vitest";
import { buildFeedModel, type FeedPaging } from "./model";
import { renderRss } from "./rss";
import { finishRss, RSS_ROOT, rssCdata } from "./rss-reference";
import { article, FIRST_PAGE, PUBLISHED, SITE } from "./test-support";

const render = (articles = [article()], paging: FeedPaging = FIRST_PAGE) =>
  renderRss(buildFeedModel(articles, SITE, { kind: "site", key: "" }, paging, PUBLISHED));

function parsed(xml: string) {
  expect(XMLValidator.validate(xml)).toBe(true);
  const result = parseFeed(xml);
  if (result.format !== "rss") throw new Error(result.format);
  return result.feed;
}

describe("finishRss (post-processing of feed's output)", () => {
  it("replaces the root start tag exactly once with one declaring every namespace we use", () => {
    const out = finishRss(
      '<?xml version="1.0"?>\n<rss version="2.0" xmlns:dc="x"><channel><rss-like/></channel></rss>',
    );
    expect(out).toBe(`<?xml version="1.0"?>\n${RSS_ROOT}<channel><rss-like/></channel></rss>`);
    for (const prefix of ["atom", "content", "dc", "dcterms", "media", "fh"]) {
      expect(RSS_ROOT).toContain(`xmlns:${prefix}="`);
    }
  });

  it("splits every ]]> inside CDATA, not only the first as xml-js does", () => {
    const out = finishRss(`<rss><t><![CDATA[${rssCdata("a]]>b]]>c]]>")}]]></t></rss>`);
    expect(out).toBe(`${RSS_ROOT}<t><![CDATA[a]]]]><![CDATA[>b]]]]><![CDATA[>c]]]]><![CDATA[>]]></t></rss>`);
    expect(XMLValidator.validate(out)).toBe(true);
  });
});

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
    expect(item?.title).toBe("x < y & z 《标题》 ]]> &amp; ]]]]>  end");
    expect(item?.description).toBe("s ]]&gt; &amp; &lt;b&gt;");
    expect(item?.dc?.creators).toEqual(["A & B <c>"]);
  });

  it("writes RFC 5005 links and fh:archive through extensions", () => {
    const xml = render([article()], {
      kind: "archive",
      month: "2020-12",
      prevArchive: "2020-11",
      nextArchive: null,
    });
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
