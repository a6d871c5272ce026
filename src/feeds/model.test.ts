import { describe, expect, it } from "vitest";
import { article, PUBLISHED, SITE } from "../../test/fixtures/article-rows";
import { buildFeedModel, toEntry } from "./model";

const TAG = { kind: "tag", key: "基层 治理" } as const;
const enc = encodeURIComponent("基层 治理");

describe("buildFeedModel", () => {
  it("links the subscription document to its first page, next page and newest archive", () => {
    const doc = buildFeedModel(
      [article()],
      SITE,
      TAG,
      {
        kind: "page",
        cursor: null,
        limit: null,
        next: { at: 5, id: 3 },
        previous: null,
        prevArchive: "2020-12",
      },
      PUBLISHED,
    );
    expect(doc.id).toBe(`https://news.example.com/tag/${enc}/atom.xml`);
    expect(doc.title).toBe("#基层 治理 – 城市观察");
    expect(doc.homeUrl).toBe(`https://news.example.com/tag/${enc}`);
    expect(doc.self).toEqual(doc.subscription);
    expect(doc.links.first?.rss).toBe(`https://news.example.com/tag/${enc}/feed.xml`);
    expect(doc.links.next?.json).toBe(`https://news.example.com/tag/${enc}/feed.json?cursor=djEuNS4z`);
    expect(doc.links.previous).toBeUndefined();
    expect(doc.links["prev-archive"]?.atom).toBe(
      `https://news.example.com/archive/2020-12/tag/${enc}/atom.xml`,
    );
    expect(doc.archive).toBe(false);
    expect(doc.updated).toEqual({ ms: PUBLISHED, offsetMinutes: 480 });
  });

  it("keeps a non-default limit in every page link; previous names the items newer than a position", () => {
    const doc = buildFeedModel(
      [],
      SITE,
      { kind: "section", key: "深度报道/自媒体" },
      {
        kind: "page",
        cursor: { before: { at: 9, id: 1 } },
        limit: 10,
        next: { at: 5, id: 2 },
        previous: { at: 8, id: 3 },
        prevArchive: null,
      },
      0,
    );
    const base = `https://news.example.com/section/${encodeURIComponent("深度报道")}/${encodeURIComponent("自媒体")}/feed.xml`;
    expect(doc.title).toBe("深度报道 › 自媒体 – 城市观察");
    expect(doc.self.rss).toBe(`${base}?cursor=djEuOS4x&limit=10`);
    expect(doc.links.first?.rss).toBe(`${base}?limit=10`);
    expect(doc.links.next?.rss).toBe(`${base}?cursor=${btoa("v1.5.2")}&limit=10`);
    expect(doc.links.previous?.rss).toBe(`${base}?cursor=${btoa("n1.8.3")}&limit=10`);
    expect(doc.links["prev-archive"]).toBeUndefined();
    const newer = buildFeedModel(
      [],
      SITE,
      { kind: "site", key: "" },
      {
        kind: "page",
        cursor: { after: { at: 8, id: 3 } },
        limit: null,
        next: null,
        previous: null,
        prevArchive: null,
      },
      0,
    );
    expect(newer.self.json).toBe(`https://news.example.com/feed.json?cursor=${btoa("n1.8.3")}`);
  });

  it("describes an archive document with current and both archive neighbours", () => {
    const doc = buildFeedModel(
      [article()],
      SITE,
      { kind: "site", key: "" },
      { kind: "archive", period: "2020-12", prevArchive: "2019-03", nextArchive: "2021-01" },
      PUBLISHED,
    );
    expect(doc.archive).toBe(true);
    expect(doc.title).toBe("城市观察");
    expect(doc.self.rss).toBe("https://news.example.com/archive/2020-12/feed.xml");
    expect(doc.links.current?.json).toBe("https://news.example.com/feed.json");
    expect(doc.links["prev-archive"]?.atom).toBe("https://news.example.com/archive/2019-03/atom.xml");
    expect(doc.links["next-archive"]?.atom).toBe("https://news.example.com/archive/2021-01/atom.xml");
    expect(doc.links.first).toBeUndefined();
    expect(doc.links.next).toBeUndefined();
  });
});

describe("toEntry", () => {
  it("uses the guid as id, the slug URL as permalink, and the article's own offset", () => {
    const entry = toEntry(
      article({ guid: "urn:uuid:x", slug: "a-b", publicChangedAt: PUBLISHED + 3600_000 }),
      SITE,
    );
    expect(entry.id).toBe("urn:uuid:x");
    expect(entry.url).toBe("https://news.example.com/articles/a-b");
    expect(entry.published).toEqual({ ms: PUBLISHED, offsetMinutes: 480 });
    expect(entry.updated).toEqual({ ms: PUBLISHED + 3600_000, offsetMinutes: 480 });
    expect(entry.language).toBeNull();
  });

  it("never dates an update before publication (backdated imports)", () => {
    const entry = toEntry(article({ publishedAt: PUBLISHED, publicChangedAt: PUBLISHED - 1000 }), SITE);
    expect(entry.updated.ms).toBe(PUBLISHED);
  });

  it("marks a language that differs from the site's, case-insensitively", () => {
    expect(toEntry(article({ language: "zh-cn" }), SITE).language).toBeNull();
    expect(toEntry(article({ language: "en" }), SITE).language).toBe("en");
  });

  it("makes image, author and source URLs absolute and leads the content with the image", () => {
    const entry = toEntry(
      article({
        bodyHtml: '<p><a href="/x">x</a></p>',
        image: { url: "/media/a.jpg", caption: "图" },
        authors: [{ name: "林晓舟", url: "/staff/lin" }],
        source: { name: "城市观察报", url: "/paper" },
      }),
      SITE,
    );
    expect(entry.image?.url).toBe("https://news.example.com/media/a.jpg");
    expect(entry.authors).toEqual([{ name: "林晓舟", url: "https://news.example.com/staff/lin" }]);
    expect(entry.source).toEqual({ name: "城市观察报", url: "https://news.example.com/paper" });
    expect(entry.contentHtml).toBe(
      '<figure><img src="https://news.example.com/media/a.jpg" alt="图"><figcaption>图</figcaption></figure>' +
        '<p><a href="https://news.example.com/x">x</a></p>',
    );
  });
});
