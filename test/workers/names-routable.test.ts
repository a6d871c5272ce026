// Every name an editor can type routes: its page, its three feeds and its API filter find the article.
import { describe, expect, it } from "vitest";
import { chineseArticle } from "../fixtures/articles";
import { createArticle, mintToken, request } from "./support/helpers";
import { attr, findAll, parseHtml } from "./support/html";

const NAMES = [
  ".",
  "..",
  "~..",
  "feed.xml",
  "atom.xml",
  "feed.json",
  "a/b",
  "张三/李四",
  "%",
  "%41",
  "?x=1",
  "#top",
  "a b",
  "深度报道",
  "🚀",
  "👩‍💻",
  "<b>&amp;",
];
const FEEDS = ["feed.xml", "atom.xml", "feed.json"];
const DECOY = "Decoy outside every scope";

async function expectListsTitle(path: string, title: string, token?: string) {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const res = await request(path, { headers });
  const body = await res.text();
  expect(res.status, path).toBe(200);
  // Only the last segment names a document: the page of the tag "feed.xml" is /tag/~feed.xml, an HTML page.
  const file = path.split("?")[0]?.split("/").at(-1) ?? "";
  const kind =
    path.startsWith("/api/") || file === "feed.json" ? "json" : FEEDS.includes(file) ? "xml" : "html";
  expect(res.headers.get("content-type"), path).toContain(kind);
  expect(body, path).toContain(title);
  // A URL that normalization rewrote to the site's own feed or list would show the decoy too.
  expect(body, path).not.toContain(DECOY);
}

describe("every tag, author and section-level name is routable", () => {
  for (const [i, name] of NAMES.entries()) {
    it(`${JSON.stringify(name)}: page, three feeds and API filter round-trip`, async () => {
      const { secret } = await mintToken();
      await createArticle(secret, chineseArticle({ title: DECOY, tags: [], authors: [], section: [] }));
      const title = `Routable name ${i}`;
      const levels = name.includes("/") ? ["Parent"] : ["Parent", name];
      const created = await createArticle(
        secret,
        chineseArticle({ title, tags: [name], authors: [{ name }], section: levels }),
      );
      expect(created.tags).toEqual([name]);
      expect(created.authors.map((a) => a.name)).toEqual([name]);
      expect(created.section).toEqual(levels);

      const page = parseHtml(await (await request(new URL(created.url).pathname)).text());
      const tagHref = attr(findAll(page.document, "a", { rel: "tag" })[0] as never, "href") ?? "";
      const authorHref = attr(findAll(page.document, "a", { rel: "author" })[0] as never, "href") ?? "";
      const sectionHrefs = findAll(page.document, "a")
        .map((a) => attr(a, "href") ?? "")
        .filter((href) => href.startsWith("/section/"));
      expect(tagHref.startsWith("/tag/")).toBe(true);
      expect(authorHref.startsWith("/author/")).toBe(true);
      const paths = [tagHref, authorHref, sectionHrefs.at(-1) ?? "missing section link"];
      for (const path of paths) {
        await expectListsTitle(path, title);
        for (const file of FEEDS) await expectListsTitle(`${path}/${file}`, title);
      }
      const q = encodeURIComponent;
      for (const filter of [`tag=${q(name)}`, `author=${q(name)}`, `section=${q(levels.join("/"))}`]) {
        await expectListsTitle(`/api/v1/articles?${filter}`, title);
        await expectListsTitle(`/api/v1/articles?${filter}`, title, secret);
      }
    });
  }

  it("escapes only what URL normalization or the feed routes would eat; ordinary names keep their URLs", async () => {
    const { secret } = await mintToken();
    const created = await createArticle(
      secret,
      chineseArticle({ tags: ["社区", "..", "feed.xml"], authors: [{ name: "张三/李四" }, { name: "." }] }),
    );
    const page = parseHtml(await (await request(new URL(created.url).pathname)).text());
    const hrefs = findAll(page.document, "a").map((a) => attr(a, "href"));
    expect(hrefs).toEqual(
      expect.arrayContaining([
        "/section/%E6%B7%B1%E5%BA%A6%E6%8A%A5%E9%81%93/%E8%87%AA%E5%AA%92%E4%BD%93",
        "/tag/%E7%A4%BE%E5%8C%BA",
        "/tag/~..",
        "/tag/~feed.xml",
        "/author/%E5%BC%A0%E4%B8%89%2F%E6%9D%8E%E5%9B%9B",
        "/author/~.",
      ]),
    );
    // The bare forms are not the names' URLs: /tag/feed.xml is no tag page.
    expect((await request("/tag/feed.xml")).status).toBe(404);
  });
});
