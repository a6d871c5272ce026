// Reading archive documents the way a feed reader does (feedsmith for RSS and Atom, plain JSON for
// JSON Feed), and walking their RFC 5005 prev-archive / next-archive chains.
import { parseFeed } from "feedsmith";
import { expect } from "vitest";
import { type Format, fetchFeed } from "./feed-helpers";

export const SITE = "https://news.example.com";
const ARCHIVE_URL = /^https:\/\/news\.example\.com\/archive\/([0-9a-z-]+)\/[^?#]+$/;

export interface ArchiveDoc {
  ids: string[];
  links: Partial<Record<"self" | "current" | "prev-archive" | "next-archive", string>>;
  archive: boolean;
}

/** One feed document, read through a parser; asserts 200, its media type and XML well-formedness. */
export async function readDoc(url: string, format: Format): Promise<ArchiveDoc> {
  const { text } = await fetchFeed(url.replace(SITE, ""));
  if (format === "json") {
    const feed = JSON.parse(text);
    const ext = feed._news ?? {};
    // JSON Feed has no RFC 5005: an archive's next_url is its prev-archive (src/feeds/json-feed.ts).
    if (ext.archive) expect(feed.next_url).toBe(ext.prev_archive_url);
    return {
      ids: feed.items.map((item: { id: string }) => item.id),
      links: {
        self: ext.self_url,
        current: ext.current_url,
        "prev-archive": ext.prev_archive_url,
        "next-archive": ext.next_archive_url,
      },
      archive: ext.archive === true,
    };
  }
  const parsed = parseFeed(text);
  const links: Record<string, string> = {};
  let ids: string[];
  if (parsed.format === "rss") {
    for (const l of parsed.feed.atom?.links ?? []) if (l.rel && l.href) links[l.rel] = l.href;
    ids = (parsed.feed.items ?? []).map((item) => item.guid?.value ?? "");
  } else if (parsed.format === "atom") {
    for (const l of parsed.feed.links ?? []) if (l.rel && l.href) links[l.rel] = l.href;
    ids = (parsed.feed.entries ?? []).map((entry) => entry.id ?? "");
  } else {
    throw new Error(`unexpected ${parsed.format}`);
  }
  return { ids, links, archive: text.includes("<fh:archive/>") };
}

/** The period key of an archive URL ("2020-03-w2"); fails on anything that is not one. */
export function periodOf(url: string): string {
  const match = ARCHIVE_URL.exec(url);
  expect(match, url).not.toBeNull();
  return match?.[1] ?? "";
}

export interface Walk {
  periods: string[];
  /** Every entry id of every document visited, in visiting order, repeats kept. */
  ids: string[];
  /** Entries in the largest document visited. */
  largest: number;
}

/**
 * Follows `rel` from `start` to the end of the chain, checking every document is an archive with
 * well-formed self, current and neighbour links.
 */
export async function walk(
  start: string,
  rel: "prev-archive" | "next-archive",
  format: Format,
  current: string,
): Promise<Walk> {
  const result: Walk = { periods: [], ids: [], largest: 0 };
  let url: string | undefined = start;
  while (url) {
    const doc = await readDoc(url, format);
    expect(doc.archive, url).toBe(true);
    expect(doc.links.self).toBe(url);
    expect(doc.links.current).toBe(current);
    for (const neighbour of [doc.links["prev-archive"], doc.links["next-archive"]]) {
      if (neighbour) periodOf(neighbour);
    }
    result.periods.push(periodOf(url));
    result.ids.push(...doc.ids);
    result.largest = Math.max(result.largest, doc.ids.length);
    expect(result.periods.length).toBeLessThan(100);
    url = doc.links[rel];
  }
  return result;
}
