import { XMLValidator } from "fast-xml-parser";
import { parseFeed } from "feedsmith";
import RssParser from "rss-parser";
import { expect } from "vitest";
import { request } from "./helpers";

export type Format = "rss" | "atom" | "json";
export const FORMATS: Format[] = ["rss", "atom", "json"];
export const FILE: Record<Format, string> = { rss: "feed.xml", atom: "atom.xml", json: "feed.json" };
export const MEDIA_TYPE: Record<Format, string> = {
  rss: "application/rss+xml; charset=utf-8",
  atom: "application/atom+xml; charset=utf-8",
  json: "application/feed+json; charset=utf-8",
};

/** "/tag/x" + "rss" → "/tag/x/feed.xml" (segments percent-encoded as the site writes them). */
export function feedPath(base: string, format: Format): string {
  const encoded = base
    .split("/")
    .map((s) => encodeURIComponent(s))
    .join("/");
  return `${encoded === "" || encoded === "/" ? "" : encoded}/${FILE[format]}`;
}

/** Fetches a feed, asserts 200 + media type, and for XML asserts strict well-formedness. */
export async function fetchFeed(path: string, init: RequestInit = {}) {
  const res = await request(path, init);
  const text = await res.text();
  if (res.status !== 200) throw new Error(`GET ${path} → ${res.status}: ${text.slice(0, 300)}`);
  const format: Format = path.includes("/feed.json") ? "json" : path.includes("/atom.xml") ? "atom" : "rss";
  expect(res.headers.get("content-type")).toBe(MEDIA_TYPE[format]);
  if (format !== "json") expect(XMLValidator.validate(text)).toBe(true);
  return { res, text, format };
}

const rssParser = new RssParser({
  customFields: {
    feed: ["language"],
    item: [
      ["dc:creator", "creators", { keepArray: true }],
      ["category", "categoryNodes", { keepArray: true }],
      ["media:content", "media"],
      ["dc:language", "dcLanguage"],
      ["dc:source", "dcSource"],
      ["content:encoded", "encoded"],
      ["description", "descriptionHtml"],
    ],
  },
});

/** The same document read by two independent parsers. */
export async function parseBoth(text: string, format: Format) {
  const smith = parseFeed(format === "json" ? JSON.parse(text) : text);
  const other = format === "json" ? JSON.parse(text) : await rssParser.parseString(text);
  return { smith, other };
}

/** Decodes the entities an HTML-escaped plain text uses (RSS descriptions are HTML). */
export function decodeHtmlText(html: string): string {
  return html
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}
