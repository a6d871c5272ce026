import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { CHINESE_BODY, chineseArticle, draftArticle, englishArticle } from "../fixtures/articles";
import { decodeHtmlText, FORMATS, type Format, feedPath, fetchFeed, parseBoth } from "./support/feed-helpers";
import { type ApiArticle, createArticle, mintToken } from "./support/helpers";

// Every feed variant in every format, read back field by field by two independent parsers.

const SITE = "https://news.example.com";
const HUB = env.WEBSUB_HUB_URL ?? "";
const TITLE = env.SITE_TITLE ?? "";
const BEIJING = 480;

let zh: ApiArticle;
let en: ApiArticle;
let token: string;

beforeAll(async () => {
  token = (await mintToken()).secret;
  zh = await createArticle(token, chineseArticle({ slug: "lakeside-grid" }));
  en = await createArticle(token, englishArticle({ slug: "night-buses" }));
  await createArticle(token, draftArticle({ slug: "a-draft", tags: ["基层治理"], section: ["深度报道"] }));
  await createArticle(
    token,
    chineseArticle({ slug: "future", status: "scheduled", publishedAt: "2999-01-01T00:00:00+08:00" }),
  );
});

interface Variant {
  name: string;
  base: string;
  title: string;
  /** Articles expected, newest first. */
  articles: () => ApiArticle[];
}

const VARIANTS: Variant[] = [
  { name: "site", base: "", title: TITLE, articles: () => [en, zh] },
  { name: "section level 1", base: "/section/深度报道", title: `深度报道 – ${TITLE}`, articles: () => [zh] },
  {
    name: "section level 2",
    base: "/section/深度报道/自媒体",
    title: `深度报道 › 自媒体 – ${TITLE}`,
    articles: () => [zh],
  },
  { name: "tag", base: "/tag/基层治理", title: `#基层治理 – ${TITLE}`, articles: () => [zh] },
  { name: "author", base: "/author/林晓舟", title: `林晓舟 – ${TITLE}`, articles: () => [zh] },
  {
    name: "author (English)",
    base: "/author/Maya Okafor",
    title: `Maya Okafor – ${TITLE}`,
    articles: () => [en],
  },
];

const ms = (rfc3339: string) => Date.parse(rfc3339);
const rfc3339In = (instant: string, offsetMinutes: number) => {
  const iso = new Date(ms(instant) + offsetMinutes * 60_000).toISOString();
  const local = iso.endsWith(".000Z") ? iso.slice(0, 19) : iso.slice(0, 23);
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  const zone = `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
  return `${local}${offsetMinutes === 0 ? "Z" : zone}`;
};
const offsetOf = (a: ApiArticle) => (a.publishedAt?.endsWith("-05:00") ? -300 : BEIJING);
/** Entry updated: the article's last public change (its creation here), in its own offset. */
const updatedOf = (a: ApiArticle) => rfc3339In(a.updatedAt, offsetOf(a));
const feedUpdated = (list: ApiArticle[]) => Math.max(...list.map((a) => ms(a.updatedAt)));
const absolutized = (html: string) =>
  html.replaceAll('href="/articles/related"', `href="${SITE}/articles/related"`);

function expectContent(html: string, a: ApiArticle) {
  if (a.language === "zh-CN") {
    expect(html).toContain(absolutized(CHINESE_BODY));
    expect(html.startsWith('<figure><img src="https://images.example.org/2020/12/lakeside-grid.jpg"')).toBe(
      true,
    );
    expect(html).toContain(
      "<figcaption>湖城市社区网格员在东湖街道走访居民。 湖城市委组织部 供图</figcaption>",
    );
  } else {
    // Parsers trim text content; the body ends with the newline the Markdown renderer writes.
    expect(html.trim()).toBe(a.bodyHtml.trim());
  }
  expect(html).not.toMatch(/(?:href|src)="\//);
}

describe.each(VARIANTS)("$name feeds", (variant) => {
  it.each(FORMATS)("%s: headers, WebSub links, channel fields", async (format: Format) => {
    const path = feedPath(variant.base, format);
    const { res, text } = await fetchFeed(path);
    const self = `${SITE}${path}`;
    expect(res.headers.get("link")).toBe(`<${HUB}>; rel="hub", <${self}>; rel="self"`);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("etag")).toMatch(/^"[^"]+"$/);
    const list = variant.articles();
    expect(res.headers.get("last-modified")).toBe(new Date(feedUpdated(list)).toUTCString());
    const { smith, other } = await parseBoth(text, format);
    const home = new URL(variant.base || "/", SITE).toString();

    if (format === "rss" && smith.format === "rss") {
      for (const channel of [smith.feed, other]) {
        expect(channel.title).toBe(variant.title);
        expect(channel.link).toBe(home);
        expect(channel.language).toBe("zh-CN");
        expect(channel.lastBuildDate).toBe(new Date(feedUpdated(list)).toUTCString());
      }
      const links = smith.feed.atom?.links ?? [];
      expect(links).toContainEqual({ href: self, rel: "self", type: "application/rss+xml" });
      expect(links).toContainEqual({ href: HUB, rel: "hub" });
      expect(other.feedUrl).toBe(self);
      expect(text).not.toMatch(/<author>/);
    } else if (format === "atom" && smith.format === "atom") {
      expect(smith.feed.id).toBe(`${SITE}${feedPath(variant.base, "atom")}`);
      expect(smith.feed.title).toEqual({ value: variant.title, type: "text" });
      expect(other.title).toBe(variant.title);
      expect(smith.feed.updated).toBe(rfc3339In(new Date(feedUpdated(list)).toISOString(), BEIJING));
      expect(smith.feed.xml?.lang).toBe("zh-CN");
      expect(smith.feed.links).toContainEqual({ href: self, rel: "self", type: "application/atom+xml" });
      expect(smith.feed.links).toContainEqual({ href: home, rel: "alternate", type: "text/html" });
      expect(smith.feed.links).toContainEqual({ href: HUB, rel: "hub" });
      expect(other.feedUrl).toBe(self);
      expect(smith.feed.icon).toBe(`${SITE}/favicon.svg`);
      expect(smith.feed.generator?.text).toBe("Edge News Feed");
    } else if (format === "json" && smith.format === "json") {
      for (const feed of [smith.feed, other]) {
        expect(feed.title).toBe(variant.title);
        expect(feed.home_page_url).toBe(home);
        expect(feed.feed_url).toBe(self);
        expect(feed.language).toBe("zh-CN");
        expect(feed.hubs).toEqual([{ type: "WebSub", url: HUB }]);
      }
      expect(other.version).toBe("https://jsonfeed.org/version/1.1");
      expect(other.next_url).toBeUndefined();
      // Every fixture article is from December 2020 (UTC).
      expect(other._news.prev_archive_url).toBe(`${SITE}/archive/2020-12${feedPath(variant.base, "json")}`);
    } else {
      throw new Error(`parser saw ${smith.format} for ${format}`);
    }
  });

  it.each(FORMATS)("%s: every entry, field by field", async (format: Format) => {
    const { text } = await fetchFeed(feedPath(variant.base, format));
    const { smith, other } = await parseBoth(text, format);
    const list = variant.articles();

    if (format === "rss" && smith.format === "rss") {
      const items = smith.feed.items ?? [];
      expect(items.map((i) => i.guid?.value)).toEqual(list.map((a) => a.guid));
      expect(other.items.map((i: { guid?: string }) => i.guid)).toEqual(list.map((a) => a.guid));
      list.forEach((a, n) => {
        const item = items[n];
        const alt = other.items[n];
        if (!item || !alt) throw new Error("missing item");
        expect(item.guid).toEqual({ value: a.guid, isPermaLink: false });
        expect([item.title, alt.title]).toEqual([a.title, a.title]);
        expect([item.link, alt.link]).toEqual([a.url, a.url]);
        const pubDate = new Date(ms(a.publishedAt ?? "")).toUTCString();
        expect([item.pubDate, alt.pubDate]).toEqual([pubDate, pubDate]);
        expect(item.dc?.creators).toEqual(a.authors.map((x) => x.name));
        expect(alt.creators).toEqual(a.authors.map((x) => x.name));
        expect(item.dc?.contributors).toEqual(a.editors.map((x) => x.name));
        expect(decodeHtmlText(item.description ?? "")).toBe(a.summary);
        expect(alt.contentSnippet).toBe(a.summary);
        expectContent(item.content?.encoded ?? "", a);
        expect(alt.encoded.trim()).toBe(item.content?.encoded?.trim());
        expect(item.categories).toEqual([
          { name: a.section.join("/"), domain: `${SITE}/section/` },
          ...a.tags.map((t) => ({ name: t, domain: `${SITE}/tag/` })),
        ]);
        expect(item.dc?.sources).toEqual(a.source ? [a.source.name] : undefined);
        expect(item.dc?.languages).toEqual(a.language === "zh-CN" ? undefined : [a.language]);
        if (a.image) {
          expect(item.media?.contents).toEqual([
            {
              url: a.image.url,
              medium: "image",
              description: { value: a.image.caption, type: "plain" },
              credits: [{ value: a.image.credit }],
            },
          ]);
          expect(alt.media.$.url).toBe(a.image.url);
        }
        // <source url> would name an RSS channel; with dc:source beside it the W3C validator warns.
        expect(item.source).toBeUndefined();
        if (a.printEdition) {
          expect(item.dcterms?.bibliographicCitations).toEqual(["城市观察报, 2020-12-07, p. 17"]);
        }
      });
    } else if (format === "atom" && smith.format === "atom") {
      const entries = smith.feed.entries ?? [];
      expect(entries.map((e) => e.id)).toEqual(list.map((a) => a.guid));
      expect(other.items.map((i: { id?: string }) => i.id)).toEqual(list.map((a) => a.guid));
      list.forEach((a, n) => {
        const entry = entries[n];
        const alt = other.items[n];
        if (!entry || !alt) throw new Error("missing entry");
        expect(entry.title).toEqual({ value: a.title, type: "text" });
        expect(alt.title).toBe(a.title);
        expect(entry.links).toEqual([{ href: a.url, rel: "alternate", type: "text/html" }]);
        expect(alt.link).toBe(a.url);
        expect(entry.published).toBe(a.publishedAt);
        expect(entry.updated).toBe(updatedOf(a));
        expect(alt.isoDate).toBe(new Date(ms(a.publishedAt ?? "")).toISOString());
        expect(entry.authors).toEqual(
          a.authors.map((x) => (x.url ? { name: x.name, uri: x.url } : { name: x.name })),
        );
        expect(entry.contributors).toEqual(a.editors.map((x) => ({ name: x.name })));
        expect(entry.categories).toEqual([
          { term: a.section.join("/"), scheme: `${SITE}/section/` },
          ...a.tags.map((t) => ({ term: t, scheme: `${SITE}/tag/` })),
        ]);
        expect(entry.summary).toEqual({ value: a.summary, type: "text" });
        expect(alt.summary).toBe(a.summary);
        expect(entry.content?.type).toBe("html");
        expectContent(entry.content?.value ?? "", a);
        expect(alt.content.trim()).toBe(entry.content?.value?.trim());
        expect(entry.xml?.lang).toBe(a.language === "zh-CN" ? undefined : a.language);
        expect(entry.dc?.sources).toEqual(a.source ? [a.source.name] : undefined);
        if (a.image) expect(entry.media?.contents?.[0]?.description?.value).toBe(a.image.caption);
      });
    } else if (format === "json" && smith.format === "json") {
      const items = smith.feed.items ?? [];
      expect(items.map((i) => i.id)).toEqual(list.map((a) => a.guid));
      list.forEach((a, n) => {
        const item = items[n];
        const raw = other.items[n];
        if (!item) throw new Error("missing item");
        for (const i of [item, raw]) {
          expect(i.id).toBe(a.guid);
          expect(i.url).toBe(a.url);
          expect(i.title).toBe(a.title);
          expect(i.summary).toBe(a.summary);
          expect(i.date_published).toBe(a.publishedAt);
          expect(i.date_modified).toBe(updatedOf(a));
          expect(i.authors).toEqual(
            a.authors.map((x) => (x.url ? { name: x.name, url: x.url } : { name: x.name })),
          );
          expect(i.tags).toEqual(a.tags);
          expect(i.image).toBe(a.image?.url);
          expect(i.language).toBe(a.language === "zh-CN" ? undefined : a.language);
          expectContent(i.content_html ?? "", a);
        }
        expect(raw._news.section).toEqual(a.section);
        expect(raw._news.editors).toEqual(a.editors);
        expect(raw._news.source).toEqual(a.source);
        expect(raw._news.subtitle).toBe(a.subtitle ?? undefined);
        if (a.printEdition) {
          expect(raw._news.printEdition).toEqual({
            ...a.printEdition,
            citation: "城市观察报, 2020-12-07, p. 17",
          });
          expect(raw._news.authors).toEqual(a.authors);
          expect(raw._news.image).toEqual({
            caption: a.image?.caption,
            credit: a.image?.credit,
            alt: a.image?.alt,
          });
        }
      });
    }
  });
});
