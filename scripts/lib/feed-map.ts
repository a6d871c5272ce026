// RSS 2.0 / Atom / JSON Feed (parsed by feedsmith) → editor API create payloads, one per item.
import { parseFeed } from "feedsmith";
import { SLUG_PATTERN } from "../../src/domain/article-input";
import { sha256 } from "./api-client";
import { readFeedDate } from "./feed-dates";
import { chooseImage, type ImageCandidate } from "./feed-images";
import { alternate, fromAtom, fromJson, fromRss, type RawItem } from "./feed-items";
import { type FeedNode, htmlToText, textOf } from "./feed-text";

// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point.
const URI = /^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s\x00-\x1f\x7f]+$/;
/** An editor API create payload; `guid` and `title` are always there. */
export type ImportedArticle = Record<string, unknown> & { guid: string; title: string; slug?: string };

export interface MappedItem {
  label: string;
  article: ImportedArticle;
  updatedAt: number | null;
  offsetAssumed: boolean;
}

/** `pages`: RFC 5005 links (paged `next`, archived `prev-archive`), absolute when the source URL is known. */
export interface MappedFeed {
  format: string;
  title: string;
  items: MappedItem[];
  pages: { next: string | null; prevArchive: string | null };
}

export interface MapOptions {
  /** Where the text came from (http(s) or file:), the base of relative page links. */
  sourceUrl?: string | null;
  draft?: boolean;
  now?: number;
  /** The offset of dates that carry none ("+08:00"). */
  sourceOffset?: string;
}

/** Throws when the text is no feed. */
export function mapFeed(
  text: string,
  { sourceUrl = null, draft = false, now = Date.now(), sourceOffset = "Z" }: MapOptions = {},
): MappedFeed {
  const { format, feed }: { format: string; feed: FeedNode } = parseFeed(text);
  const readers: Record<string, (item: FeedNode) => RawItem> = {
    rss: fromRss,
    atom: fromAtom,
    json: fromJson,
    rdf: fromRss,
  };
  const read = readers[format] ?? fromRss;
  const webUrl = /^https?:/i.test(sourceUrl ?? "") ? sourceUrl : null;
  const base = feed.link ?? feed.home_page_url ?? alternate(feed.links) ?? webUrl;
  const language = normalizeLanguage(feed.language ?? feed.xml?.lang ?? feed.dc?.language);
  const items = (feed.items ?? feed.entries ?? []).map((item: FeedNode): MappedItem => {
    const raw = read(item);
    const { image, body } = chooseImage(raw.images, raw.body, raw.link ?? base);
    const published = readFeedDate(raw.published, sourceOffset);
    const guid = guidOf(raw, base);
    const heading = title(raw);
    const article: ImportedArticle = {
      guid,
      title: heading,
      ...compact({
        summary: raw.summary ? clip(htmlToText(raw.summary), 2000) : undefined,
        body,
        bodyFormat: "html",
        language: normalizeLanguage(raw.language) ?? language,
        tags: tagsOf(raw.categories),
        authors: raw.authors.flatMap(authorOf).slice(0, 30),
        image: image ? imageOf(image) : undefined,
        source: raw.source?.name
          ? compact({ name: clip(raw.source.name, 300), url: httpUrl(raw.source.url) })
          : undefined,
        publishedAt: published?.rfc3339,
        slug: slugOf(raw.link),
      }),
    };
    article.status = draft
      ? "draft"
      : typeof article.publishedAt === "string" && Date.parse(article.publishedAt) > now
        ? "scheduled"
        : "published";
    const updated = readFeedDate(raw.updated, sourceOffset);
    return {
      label: article.title,
      article,
      updatedAt: Date.parse(updated?.rfc3339 ?? "") || null,
      offsetAssumed: published?.offsetAssumed ?? false,
    };
  });
  return { format, title: textOf(feed.title) ?? "", items, pages: pagesOf(feed, sourceUrl) };
}

function pagesOf(feed: FeedNode, sourceUrl: string | null): MappedFeed["pages"] {
  const links = feed.links ?? feed.atom?.links ?? [];
  const href = (rel: string): string | null => {
    const given =
      rel === "next" && feed.next_url ? feed.next_url : links.find((l: FeedNode) => l.rel === rel)?.href;
    if (!given) return null;
    try {
      return new URL(given, sourceUrl ?? undefined).href;
    } catch {
      return null;
    }
  };
  return { next: href("next"), prevArchive: href("prev-archive") };
}

/** The source's id as an absolute URI (Atom needs one); plain ids are scoped under the site's URL. */
function guidOf(raw: RawItem, base: string | null): string {
  const id = typeof raw.id === "string" ? raw.id.trim() : raw.id != null ? String(raw.id) : "";
  if (id && URI.test(id) && id.length <= 500) return id;
  if (id) {
    const scoped = base
      ? `${base.replace(/#.*$/, "")}#${encodeURIComponent(id)}`
      : `urn:x-imported-guid:${encodeURIComponent(id)}`;
    if (URI.test(scoped) && scoped.length <= 500) return scoped;
  }
  if (raw.link && URI.test(raw.link) && raw.link.length <= 500) return raw.link;
  return `urn:x-imported-item:${sha256([raw.title, raw.published, raw.body].join("\u0000")).slice(0, 40)}`;
}

function title(raw: RawItem): string {
  const given = textOf(raw.title)?.trim();
  if (given) return clip(given, 500);
  const text = htmlToText(raw.summary ?? raw.body ?? "");
  return clip(text, 60) || "Untitled";
}

function tagsOf(values: unknown[]): string[] {
  const tags = values
    .flatMap((v) => String(v ?? "").split("/"))
    .map((t) => clip(t.trim(), 100))
    .filter((t) => t && t !== "." && t !== "..");
  return [...new Set(tags)].slice(0, 50);
}

function authorOf(author: FeedNode): Record<string, unknown>[] {
  const name = typeof author === "string" ? author : (author?.name ?? author?.email);
  const clean = name ? clip(String(name).replace(/\//g, "-").trim(), 200) : "";
  if (!clean) return [];
  return [compact({ name: clean, url: typeof author === "object" ? httpUrl(author.url) : undefined })];
}

function imageOf(image: ImageCandidate): Record<string, unknown> | undefined {
  const url = httpUrl(image.url);
  if (!url) return undefined;
  const int = (n: unknown) => (Number.isInteger(Number(n)) && Number(n) > 0 ? Number(n) : undefined);
  return compact({
    url,
    caption: image.caption ? clip(htmlToText(image.caption), 2000) : undefined,
    credit: image.credit ? clip(image.credit, 300) : undefined,
    alt: image.alt ? clip(image.alt, 1000) : undefined,
    width: int(image.width),
    height: int(image.height),
    type: /^image\/[a-z0-9.+-]+$/.test(image.type ?? "") ? image.type : undefined,
    length: int(image.length),
  });
}

function slugOf(link: string | undefined): string | undefined {
  if (!link) return undefined;
  try {
    const segment = new URL(link).pathname.split("/").filter(Boolean).pop() ?? "";
    const slug = decodeURIComponent(segment)
      .replace(/\.(?:html?|php|aspx?)$/i, "")
      .toLowerCase();
    return SLUG_PATTERN.test(slug) && slug.length <= 120 ? slug : undefined;
  } catch {
    return undefined;
  }
}

function normalizeLanguage(tag: unknown): string | undefined {
  if (typeof tag !== "string" || !/^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{1,8})*$/.test(tag.trim())) return undefined;
  const [lang, ...rest] = tag.trim().split("-");
  return [(lang ?? "").toLowerCase(), ...rest.map((p) => (p.length === 2 ? p.toUpperCase() : p))].join("-");
}

function httpUrl(value: unknown): string | undefined {
  return typeof value === "string" && /^https?:\/\/\S+$/i.test(value) && value.length <= 2048
    ? value
    : undefined;
}

function clip(s: unknown, max: number): string {
  const chars = [...String(s)];
  return chars.length <= max ? chars.join("") : `${chars.slice(0, max - 1).join("")}…`;
}

function compact(object: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(object).filter(([, v]) => v !== undefined && v !== null && v !== ""),
  );
}
