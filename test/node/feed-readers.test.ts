import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { looksLikeMarkup } from "../../src/feeds/rss-title";
import { type LocalWorker, startWorker } from "./harness";
import {
  type FeedparserEntry,
  feedparser,
  newsboat,
  requireTool,
  shownText,
  shownTitle,
  visibleText,
} from "./reader-tools";
import { w3cRssTextWarnings } from "./w3c-rules";

// What a subscriber sees, field by field, through real readers: feedparser (rss2email and many
// aggregators) and newsboat read every feed variant the built worker serves; JSON Feed, which neither
// reads, is checked as JSON. Summary is the summary, content is the content, titles show no markup
// and lose no characters, and no reader is handed "&apos;".

interface Article {
  guid: string;
  title: string;
  summary: string;
  bodyHtml: string;
  authors: { name: string }[];
  image?: { url: string; caption?: string; credit?: string };
}

// Titles a hostile or careless editor writes; each trips some reader when sent as it is.
const HOSTILE_TITLES = [
  "x <b> y",
  "Markup: x <b>bold</b> y & Tom &amp; Jerry",
  "<script>alert(1)</script> 标题",
  `Harbor City's "night" buses: 1 < 2, AT&T R&D &copy 2020`,
  "以“小网格”撬动 &#39; 大治理",
];
const HOSTILE_TAG = "reader-check";

const SCOPES = [
  "",
  "/section/深度报道",
  "/section/深度报道/自媒体",
  "/tag/社区",
  `/tag/${HOSTILE_TAG}`,
  "/author/林晓舟",
  "/author/Maya Okafor",
];
const encodePath = (p: string) => p.split("/").map(encodeURIComponent).join("/");
const documentsOf = (file: string) =>
  SCOPES.flatMap((scope) => [`${encodePath(scope)}/${file}`, `/archive/2020-12${encodePath(scope)}/${file}`]);

let worker: LocalWorker;
const articles = new Map<string, Article>();
const bodies = new Map<string, string>();

beforeAll(async () => {
  worker = await startWorker();
  const auth = { authorization: `Bearer ${worker.token}`, "content-type": "application/json" };
  for (const [n, title] of HOSTILE_TITLES.entries()) {
    const res = await worker.fetch("/api/v1/articles", {
      method: "POST",
      headers: auth,
      body: JSON.stringify({
        title,
        summary: `It's summary ${n}: the reader's text, not the caption & not <markup>.`,
        body: `<p>Body ${n} isn't empty: "quoted" &amp; <b>bold</b>.</p>`,
        bodyFormat: "html",
        status: "published",
        publishedAt: `2020-12-0${n + 1}T08:00:00+08:00`,
        section: ["深度报道"],
        tags: [HOSTILE_TAG],
        authors: [{ name: "林晓舟" }],
        image: {
          url: `https://images.example.org/${n}.jpg`,
          caption: `Caption ${n}'s words`,
          credit: "Desk",
        },
      }),
    });
    expect(res.status, await res.clone().text()).toBe(201);
  }
  const list = await worker.fetch("/api/v1/articles?limit=100", { headers: auth });
  const { items } = (await list.json()) as { items: { slug: string }[] };
  for (const { slug } of items) {
    const res = await worker.fetch(`/api/v1/articles/${encodeURIComponent(slug)}`, { headers: auth });
    const article = (await res.json()) as Article;
    articles.set(article.guid, article);
  }
  for (const p of [...documentsOf("feed.xml"), ...documentsOf("atom.xml"), ...documentsOf("feed.json")]) {
    const res = await worker.fetch(p);
    expect(res.status, p).toBe(200);
    bodies.set(p, await res.text());
  }
});

afterAll(async () => {
  await worker?.stop();
});

function articleFor(guid: string): Article {
  const article = articles.get(guid);
  if (!article) throw new Error(`no article with guid ${guid}`);
  return article;
}

/** The content's visible text: the lead figure's caption and credit, then the body. */
function expectedContentText(a: Article): string {
  return visibleText([a.image?.caption, a.image?.credit, a.bodyHtml].filter(Boolean).join(" "));
}

function expectEntrySeenRight(entry: FeedparserEntry, where: string) {
  const a = articleFor(entry.id);
  const at = `${where} ${a.title}`;
  const title = entry.title_detail;
  expect(shownTitle(title), at).toBe(a.title);
  if (title?.type !== "text/plain") expect(title?.value, at).not.toMatch(/<[a-zA-Z/!?]/);
  // rss2email mails summary_detail; the caption must not take its place.
  const summaryType = entry.summary_detail?.type ?? "";
  expect(shownText(entry.summary_detail), at).toBe(a.summary);
  expect(shownText({ type: summaryType, value: entry.summary ?? "" }), at).toBe(a.summary);
  expect(entry.content?.length, at).toBe(1);
  expect(entry.content?.[0]?.type, at).toBe("text/html");
  expect(visibleText(entry.content?.[0]?.value ?? ""), at).toBe(expectedContentText(a));
  expect(entry.author, at).toBe(a.authors.map((x) => x.name).join(", "));
  if (a.image) {
    // Feeds carry absolute URLs; the samples' own images are site-relative (/media/…).
    const imageUrl = new URL(a.image.url, worker.url).href;
    expect(entry.content?.[0]?.value, at).toContain(`src="${imageUrl}"`);
    expect(entry.media_content?.[0]?.url, at).toBe(imageUrl);
    if (a.image.credit) expect(entry.media_credit?.[0]?.content, at).toBe(a.image.credit);
  }
  const everything = JSON.stringify(entry);
  expect(everything, at).not.toContain("&apos;");
}

describe("every XML document names a CSS stylesheet for browsers", () => {
  it("right after the XML declaration, and the sheet is served as CSS", async () => {
    const xml = [...bodies].filter(([p]) => !p.endsWith(".json"));
    expect(xml.length).toBe(SCOPES.length * 4);
    const hrefs = new Set<string>();
    for (const [p, body] of xml) {
      const pi =
        /^<\?xml version="1.0" encoding="utf-8"\?>\n?<\?xml-stylesheet href="([^"]+)" type="text\/css"\?>\n</.exec(
          body,
        );
      expect(pi?.[1], p).toMatch(/^\/assets\/feed\.[0-9a-f]{8}\.css$/);
      hrefs.add(pi?.[1] ?? "");
    }
    expect(hrefs.size).toBe(1);
    const res = await worker.fetch([...hrefs][0] ?? "");
    expect(res.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect(await res.text()).toContain("copy the address below into your feed reader");
  });
});

describe.runIf(requireTool("feedparser"))("python3-feedparser (rss2email's parser)", () => {
  it("reads every RSS and Atom document without error, stylesheet ignored", async () => {
    const paths = [...documentsOf("feed.xml"), ...documentsOf("atom.xml")];
    const results = await feedparser(paths.map((p) => bodies.get(p) ?? ""));
    results.forEach((result, n) => {
      const p = paths[n] ?? "";
      expect(result.bozo_exception, p).toBeNull();
      expect(result.version, p).toBe(p.endsWith("feed.xml") ? "rss20" : "atom10");
      expect(result.title_detail?.type, p).toBe("text/plain");
      expect(result.entries.length, p).toBeGreaterThan(0);
      for (const entry of result.entries) expectEntrySeenRight(entry, p);
    });
    const hostile = results[paths.indexOf(`/tag/${HOSTILE_TAG}/feed.xml`)];
    expect(hostile?.entries.map((e) => shownTitle(e.title_detail)).sort()).toEqual(
      [...HOSTILE_TITLES].sort(),
    );
  });
});

describe.runIf(requireTool("newsboat"))("newsboat", () => {
  it("stores every RSS and Atom entry with its title, author and content", async () => {
    for (const p of [...documentsOf("feed.xml"), ...documentsOf("atom.xml")]) {
      const items = await newsboat(`${worker.url}${p}`);
      const expected = (bodies.get(p)?.match(/urn:uuid:[0-9a-f-]{36}/g) ?? []).filter((id) =>
        articles.has(id),
      );
      expect(items.map((i) => i.guid).sort(), p).toEqual([...new Set(expected)].sort());
      for (const item of items) {
        const a = articleFor(item.guid);
        const at = `${p} ${a.title}`;
        // newsboat shows RSS titles as text: a markup-like title arrives HTML-escaped (never as markup),
        // every other title exactly as typed. Atom's type="text" reads back exactly.
        if (p.endsWith("atom.xml") || !looksLikeMarkup(a.title)) expect(item.title, at).toBe(a.title);
        else expect(shownTitle({ type: "text/html", value: item.title }), at).toBe(a.title);
        expect(item.author, at).toBe(a.authors.map((x) => x.name).join(", "));
        expect(visibleText(item.content), at).toBe(expectedContentText(a));
        expect(item.content, at).not.toContain("&apos;");
      }
    }
  });
});

describe("the W3C validator's text rules", () => {
  it("give no warning for any RSS document, hostile titles included", () => {
    for (const p of documentsOf("feed.xml")) expect(w3cRssTextWarnings(bodies.get(p) ?? ""), p).toEqual([]);
  });
});

describe("JSON Feed (which neither reader reads)", () => {
  it("carries titles and summaries as plain text and content_html without &apos;", () => {
    for (const p of documentsOf("feed.json")) {
      const feed = JSON.parse(bodies.get(p) ?? "") as {
        items: { id: string; title: string; summary: string; content_html: string }[];
      };
      for (const item of feed.items) {
        const a = articleFor(item.id);
        expect([item.title, item.summary], p).toEqual([a.title, a.summary]);
        expect(visibleText(item.content_html), p).toBe(expectedContentText(a));
        expect(item.content_html, p).not.toContain("&apos;");
      }
    }
  });
});
