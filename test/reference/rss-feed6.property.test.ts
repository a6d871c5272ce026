import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fiftyItemFeed } from "../../scripts/lib/render-bench-entry";
import type { FeedDocument, FeedEntry, FormatUrls, Instant } from "../../src/feeds/model";
import { renderRss } from "../../src/feeds/rss";
import { renderRssReference } from "./rss-feed6";

// The hand-written serializer must write exactly what feed@6 + our corrections wrote.
const HOSTILE = [
  "]]>",
  "]]]>>",
  "&amp;",
  "&",
  "<",
  ">",
  '"',
  "'",
  "\u0000",
  "\u0001",
  "\r\n",
  "\r",
  "\t",
  "\n",
  "\uFFFE",
  "\uD800",
  "🎉",
  "《城市》",
  "&lt;b&gt;",
  "<![CDATA[",
];
const text = fc
  .array(fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ unit: "binary", maxLength: 6 })), { maxLength: 6 })
  .map((parts) => parts.join(""));
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const url = fc
  .tuple(fc.constantFrom("https://news.example.com/", "http://ex.com:8080/a/", "https://例子.cn/"), text)
  .map(([base, tail]) => base + tail);
const urls: fc.Arbitrary<FormatUrls> = fc.record({ rss: url, atom: url, json: url });
const instant: fc.Arbitrary<Instant> = fc.record({
  ms: fc.integer({ min: -2_000_000_000_000, max: 4_000_000_000_000 }),
  offsetMinutes: fc.integer({ min: -720, max: 840 }),
});
const number = maybe(fc.oneof(fc.nat(), fc.constant(0)));

const entry: fc.Arbitrary<FeedEntry> = fc.record({
  id: text,
  url: fc.oneof(url, fc.constant("")),
  title: text,
  subtitle: fc.option(text),
  summary: text,
  contentHtml: text,
  published: instant,
  updated: instant,
  language: fc.option(text),
  authors: fc.array(fc.record({ name: text, title: maybe(text), url: maybe(url) }), { maxLength: 3 }),
  editors: fc.array(fc.record({ name: text }), { maxLength: 2 }),
  section: fc.array(text, { maxLength: 3 }),
  tags: fc.array(text, { maxLength: 3 }),
  image: fc.option(
    fc.record({
      url,
      caption: maybe(text),
      credit: maybe(text),
      alt: maybe(text),
      width: number,
      height: number,
      type: maybe(text),
      length: number,
    }),
  ),
  source: fc.option(fc.record({ name: text, url: maybe(url) })),
  printEdition: fc.option(
    fc.record({ publication: maybe(text), date: text, page: text, section: maybe(text) }),
  ),
});

const document: fc.Arbitrary<FeedDocument> = fc.record({
  id: url,
  title: text,
  description: text,
  language: text,
  homeUrl: url,
  self: urls,
  subscription: urls,
  links: fc.record(
    {
      first: urls,
      previous: urls,
      next: urls,
      current: urls,
      "prev-archive": urls,
      "next-archive": urls,
    },
    { requiredKeys: [] },
  ),
  archive: fc.boolean(),
  updated: instant,
  hubUrl: fc.option(url),
  iconUrl: url,
  publisher: fc.record({ name: text, url }),
  sectionScheme: url,
  tagScheme: url,
  entries: fc.array(entry, { maxLength: 4 }),
});

describe("renderRss is byte-identical to the feed@6 reference", () => {
  it("for generated documents with hostile text", () => {
    fc.assert(
      fc.property(document, (doc) => {
        expect(renderRss(doc)).toBe(renderRssReference(doc));
      }),
      { numRuns: 400 },
    );
  });

  it("for the benchmark's 50 full-content items", () => {
    const doc = fiftyItemFeed();
    expect(renderRss(doc)).toBe(renderRssReference(doc));
  });
});
