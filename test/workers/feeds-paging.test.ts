import { parseFeed } from "feedsmith";
import { beforeAll, describe, expect, it } from "vitest";
import { englishArticle } from "../fixtures/articles";
import { FORMATS, type Format, fetchFeed } from "./support/feed-helpers";
import { type ApiArticle, createArticle, mintToken, request } from "./support/helpers";

// 45 articles over ~7 months, three of them sharing one instant (the keyset tie-break on id).
const COUNT = 45;
const SITE = "https://news.example.com";
let all: ApiArticle[] = [];
let token: string;

beforeAll(async () => {
  token = (await mintToken()).secret;
  const start = Date.UTC(2020, 9, 1, 6, 0, 0);
  for (let i = 0; i < COUNT; i++) {
    const at = i >= 20 && i < 23 ? start + 20 * 5 * 86_400_000 : start + i * 5 * 86_400_000 + i * 1000;
    all.push(
      await createArticle(
        token,
        englishArticle({
          slug: `p-${i}`,
          title: `Article ${i}`,
          tags: ["paged"],
          publishedAt: new Date(at).toISOString(),
        }),
      ),
    );
  }
  // Newest first, ties by id descending: the feeds' order.
  all = all.sort((a, b) => Date.parse(b.publishedAt ?? "") - Date.parse(a.publishedAt ?? "") || b.id - a.id);
});

interface Doc {
  ids: string[];
  links: Record<string, string>;
  archive: boolean;
  updated: string | undefined;
}

async function read(url: string, format: Format): Promise<Doc> {
  const { text } = await fetchFeed(url.replace(SITE, ""));
  if (format === "json") {
    const feed = JSON.parse(text);
    const ext = feed._news ?? {};
    const links: Record<string, string> = { self: ext.self_url };
    if (feed.next_url && !ext.archive) links.next = feed.next_url;
    for (const [rel, key] of [
      ["first", "first_url"],
      ["previous", "previous_url"],
      ["current", "current_url"],
      ["prev-archive", "prev_archive_url"],
      ["next-archive", "next_archive_url"],
    ] as const) {
      if (ext[key]) links[rel] = ext[key];
    }
    return {
      ids: feed.items.map((i: { id: string }) => i.id),
      links,
      archive: ext.archive === true,
      updated: ext.updated,
    };
  }
  const parsed = parseFeed(text);
  const links: Record<string, string> = {};
  if (parsed.format === "rss") {
    for (const l of parsed.feed.atom?.links ?? []) if (l.rel && l.href) links[l.rel] = l.href;
    return {
      ids: (parsed.feed.items ?? []).map((i) => i.guid?.value ?? ""),
      links,
      archive: text.includes("<fh:archive/>"),
      updated: parsed.feed.lastBuildDate,
    };
  }
  if (parsed.format !== "atom") throw new Error(parsed.format);
  for (const l of parsed.feed.links ?? []) if (l.rel && l.href) links[l.rel] = l.href;
  return {
    ids: (parsed.feed.entries ?? []).map((e) => e.id ?? ""),
    links,
    archive: text.includes("<fh:archive/>"),
    updated: parsed.feed.updated,
  };
}

const FILE: Record<Format, string> = { rss: "feed.xml", atom: "atom.xml", json: "feed.json" };

describe.each(FORMATS)("%s paging and archives", (format: Format) => {
  it("walks next links from the first page through every article exactly once, in order", async () => {
    const first = `${SITE}/tag/paged/${FILE[format]}?limit=10`;
    const seen: string[] = [];
    let url: string | undefined = first;
    let pages = 0;
    while (url) {
      const doc: Doc = await read(url, format);
      expect(doc.links.self).toBe(url);
      expect(doc.links.first).toBe(first);
      seen.push(...doc.ids);
      url = doc.links.next;
      pages++;
      expect(pages).toBeLessThan(10);
    }
    expect(pages).toBe(5);
    expect(seen).toEqual(all.map((a) => a.guid));
  });

  it("walks previous links from the last page up to the newest: the same pages, every article once", async () => {
    for (const base of [`${SITE}/tag/paged/`, `${SITE}/`]) {
      const first = `${base}${FILE[format]}?limit=10`;
      const forward: { url: string; ids: string[] }[] = [];
      let url: string | undefined = first;
      while (url) {
        const doc: Doc = await read(url, format);
        forward.push({ url, ids: doc.ids });
        url = doc.links.next;
      }
      expect(forward.length).toBeGreaterThan(2);
      const seen: string[] = [];
      const backward: Doc[] = [];
      url = forward.at(-1)?.url;
      while (url) {
        const doc: Doc = await read(url, format);
        expect(doc.links.self).toBe(url);
        expect(doc.links.first).toBe(first);
        // A page read newer than its cursor links next to the page (as walked forward) it came from.
        const came = forward[forward.length - backward.length];
        if (backward.length > 0) expect(doc.links.next).toBe(came?.url);
        backward.push(doc);
        seen.unshift(...doc.ids);
        url = doc.links.previous;
        expect(backward.length).toBeLessThan(10);
      }
      // The same pages as the walk forward, the newest one last: it has the first page's items.
      expect(backward.map((d) => d.ids)).toEqual(forward.map((p) => p.ids).reverse());
      expect(seen).toEqual(forward.flatMap((p) => p.ids));
      expect(new Set(seen).size).toBe(seen.length);
      if (base.includes("/tag/")) expect(seen).toEqual(all.map((a) => a.guid));
      // Each previous link names the items newer than its page, never the subscription document; the
      // page holding the newest items is the end of the walk.
      expect(backward.slice(0, -1).every((d) => d.links.previous?.includes("cursor="))).toBe(true);
      expect(backward.at(-1)?.links.self).not.toBe(first);
      expect(backward.at(-1)?.links.previous).toBeUndefined();
    }
  });

  it("walks prev-archive from the subscription document: the archives cover the complete history", async () => {
    const subscription = await read(`${SITE}/tag/paged/${FILE[format]}`, format);
    expect(subscription.ids).toEqual(all.slice(0, 20).map((a) => a.guid));
    const seen = new Set(subscription.ids);
    const months: string[] = [];
    let url = subscription.links["prev-archive"];
    while (url) {
      const doc = await read(url, format);
      expect(doc.archive).toBe(true);
      expect(doc.links.self).toBe(url);
      expect(doc.links.current).toBe(`${SITE}/tag/paged/${FILE[format]}`);
      const month = /archive\/(\d{4}-\d{2})\//.exec(url)?.[1] ?? "";
      months.push(month);
      for (const id of doc.ids) {
        const article = all.find((a) => a.guid === id);
        expect(new Date(Date.parse(article?.publishedAt ?? "")).toISOString().slice(0, 7)).toBe(month);
        seen.add(id);
      }
      url = doc.links["prev-archive"];
    }
    expect([...seen].sort()).toEqual(all.map((a) => a.guid).sort());
    expect(months).toEqual([...months].sort().reverse());
    // The oldest archive has no prev-archive; next-archive walks the same months forward…
    const chain: string[] = [];
    let next: string | undefined = `${SITE}/archive/${months.at(-1)}/tag/paged/${FILE[format]}`;
    while (next) {
      chain.push(/archive\/(\d{4}-\d{2})\//.exec(next)?.[1] ?? "");
      next = (await read(next, format)).links["next-archive"];
    }
    // …and goes on past the subscription document's prev-archive up to the newest month.
    expect(chain.slice(0, months.length)).toEqual([...months].reverse());
    expect(chain.at(-1)).toBe(all[0]?.publishedAt?.slice(0, 7));
  });
});

// A previous link names "the `limit` items just newer than this position" (n1 cursor) without reading them.
const newerThan = (article: ApiArticle | undefined) =>
  btoa(`n1.${Date.parse(article?.publishedAt ?? "")}.${article?.id}`).replaceAll("=", "");
const olderThan = (article: ApiArticle | undefined) =>
  btoa(`v1.${Date.parse(article?.publishedAt ?? "")}.${article?.id}`).replaceAll("=", "");
const guids = (articles: ApiArticle[]) => articles.map((a) => a.guid);

describe("pages newer than a cursor", () => {
  const base = `${SITE}/tag/paged/atom.xml`;

  it("list the `limit` items just newer, newest first, linking back older and further newer", async () => {
    const doc = await read(`${base}?cursor=${newerThan(all[25])}&limit=10`, "atom");
    expect(doc.ids).toEqual(guids(all.slice(15, 25)));
    expect(doc.links.next).toBe(`${base}?cursor=${olderThan(all[24])}&limit=10`);
    expect(doc.links.previous).toBe(`${base}?cursor=${newerThan(all[15])}&limit=10`);
    expect(doc.links.first).toBe(`${base}?limit=10`);
    expect(doc.links["prev-archive"]).toBeUndefined();
    // Its next page is the ordinary one: the items older than its oldest, from the 25th on.
    expect((await read(doc.links.next ?? "", "atom")).ids).toEqual(guids(all.slice(25, 35)));
  });

  it("near the top: only the items newer than the cursor, and no previous link", async () => {
    const doc = await read(`${base}?cursor=${newerThan(all[3])}&limit=10`, "atom");
    expect(doc.ids).toEqual(guids(all.slice(0, 3)));
    expect(doc.links.previous).toBeUndefined();
    expect(doc.links.next).toBe(`${base}?cursor=${olderThan(all[2])}&limit=10`);
    const exactly = await read(`${base}?cursor=${newerThan(all[10])}&limit=10`, "atom");
    expect(exactly.ids).toEqual(guids(all.slice(0, 10)));
    expect(exactly.links.previous).toBeUndefined();
  });

  it("past the newest: empty, linking next to the items older than the cursor", async () => {
    const { text } = await fetchFeed(`/tag/paged/feed.json?cursor=${newerThan(all[0])}`);
    const feed = JSON.parse(text);
    expect(feed.items).toEqual([]);
    expect(feed._news.previous_url).toBeUndefined();
    expect(feed.next_url).toBe(`${SITE}/tag/paged/feed.json?cursor=${olderThan(all[0])}`);
  });
});

describe("archive documents", () => {
  it("are byte-identical, with the same ETag, after unrelated changes; closed months cache longer", async () => {
    const path = "/archive/2020-10/tag/paged/atom.xml";
    const before = await request(path);
    const body = await before.text();
    expect(before.status).toBe(200);
    expect(before.headers.get("cache-control")).toBe(
      "public, max-age=3600, stale-while-revalidate=86400, stale-if-error=604800",
    );
    await createArticle(
      token,
      englishArticle({ slug: "later", tags: ["paged"], publishedAt: "2021-06-01T00:00:00Z" }),
    );
    const after = await request(path);
    expect(await after.text()).toBe(body);
    expect(after.headers.get("etag")).toBe(before.headers.get("etag"));
    const revalidated = await request(path, {
      headers: { "if-none-match": before.headers.get("etag") ?? "" },
    });
    expect(revalidated.status).toBe(304);
  });

  it("answer 404 for a month without articles and for the site scope the same way", async () => {
    expect((await request("/archive/2019-01/tag/paged/feed.xml")).status).toBe(404);
    expect((await request("/archive/2019-01/feed.json")).status).toBe(404);
    expect((await request("/archive/2020-10/feed.json")).status).toBe(200);
  });

  it("a page past the end is empty and links back", async () => {
    const { text } = await fetchFeed("/tag/paged/feed.json?cursor=djEuMC4x");
    const feed = JSON.parse(text);
    expect(feed.items).toEqual([]);
    expect(feed.next_url).toBeUndefined();
    expect(feed._news.previous_url).toMatch(/^https:\/\/news\.example\.com\/tag\/paged\/feed\.json\?cursor=/);
  });
});
