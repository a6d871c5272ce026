import { beforeAll, describe, expect, it } from "vitest";
import { chineseArticle, draftArticle } from "../fixtures/articles";
import { FORMATS, feedPath, fetchFeed, parseBoth } from "./support/feed-helpers";
import { type ApiArticle, createArticle, mintToken, patchArticle, request } from "./support/helpers";

const SITE = "https://news.example.com";
let zh: ApiArticle;
let token: string;

beforeAll(async () => {
  token = (await mintToken()).secret;
  zh = await createArticle(token, chineseArticle({ slug: "lakeside-grid" }));
});

describe("feed identity and errors", () => {
  it("keeps every entry id when the slug and the title change; the permalink follows the slug", async () => {
    const before = await Promise.all(FORMATS.map((f) => fetchFeed(feedPath("/tag/基层治理", f))));
    const res = await patchArticle(token, zh.id, `"a${zh.id}-v${zh.version}"`, {
      slug: "lakeside-grid-renamed",
      title: "以“小网格”撬动基层“大治理”（修订）",
    });
    expect(res.status).toBe(200);
    zh = (await res.json()) as ApiArticle;
    for (const format of FORMATS) {
      const { text } = await fetchFeed(feedPath("/tag/基层治理", format));
      const { other } = await parseBoth(text, format);
      const item = other.items[0];
      expect(format === "atom" ? item.id : format === "rss" ? item.guid : item.id).toBe(zh.guid);
      expect(format === "json" ? item.url : item.link).toBe(`${SITE}/articles/lakeside-grid-renamed`);
      expect(item.title).toBe("以“小网格”撬动基层“大治理”（修订）");
    }
    const after = await Promise.all(FORMATS.map((f) => fetchFeed(feedPath("/tag/基层治理", f))));
    after.forEach((a, i) => {
      expect(a.res.headers.get("etag")).not.toBe(before[i]?.res.headers.get("etag"));
    });
  });

  it("answers 404 for scopes without public articles and 400 for a bad limit or cursor", async () => {
    expect((await request("/tag/nope/feed.xml")).status).toBe(404);
    expect((await request(`/author/${encodeURIComponent("无名")}/atom.xml`)).status).toBe(404);
    // A tag only a draft or a future schedule carries is not revealed.
    await createArticle(token, draftArticle({ slug: "draft-2", tags: ["秘密"] }));
    expect((await request(`/tag/${encodeURIComponent("秘密")}/feed.json`)).status).toBe(404);
    expect((await request("/feed.xml?limit=0")).status).toBe(400);
    expect((await request("/feed.xml?limit=101")).status).toBe(400);
    expect((await request("/feed.json?cursor=%%%")).status).toBe(400);
    expect((await request("/archive/2020-13/feed.xml")).status).toBe(404);
    expect((await request("/tag/a/b/feed.xml")).status).toBe(404);
  });

  it("answers HEAD with the headers of GET and no body", async () => {
    const get = await request("/atom.xml");
    const head = await request("/atom.xml", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("etag")).toBe(get.headers.get("etag"));
    expect(head.headers.get("content-type")).toBe(get.headers.get("content-type"));
    expect(await head.text()).toBe("");
  });

  it("renders byte-identical bodies for the same data", async () => {
    for (const format of FORMATS) {
      const a = await fetchFeed(feedPath("", format), { headers: { "cache-control": "no-cache" } });
      const b = await fetchFeed(`${feedPath("", format)}?utm_source=x`);
      expect(b.text).toBe(a.text);
      expect(b.res.headers.get("etag")).toBe(a.res.headers.get("etag"));
    }
  });
});
