// Reads a feed from a file or URL as bytes (so its own encoding decides), and with `follow` walks its
// RFC 5005 pages (`next`, else `prev-archive`), bounded by a page limit and stopped by a loop.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { charsetOf, type DecodedFeed, decodeFeed } from "./feed-encoding";
import type { MappedFeed } from "./feed-map";

const ACCEPT =
  "application/feed+json, application/atom+xml, application/rss+xml, application/xml;q=0.9, */*;q=0.5";

export interface FeedPage {
  url: string;
  feed: MappedFeed;
  encoding: string;
  from: string;
}

/** more: a further page not followed (no --all); stop: why following ended early (loop, limit). */
export interface FeedPages {
  pages: FeedPage[];
  more: string | null;
  stop: string | null;
}

/** A command-line source (http(s) URL or file path) as a URL. */
export function sourceUrlOf(source: string): string {
  return /^https?:\/\//i.test(source) ? new URL(source).href : pathToFileURL(path.resolve(source)).href;
}

/** `startUrl`: from sourceUrlOf. */
export async function readFeedPages(
  startUrl: string,
  map: (text: string, url: string) => MappedFeed,
  { follow, maxPages }: { follow: boolean; maxPages: number },
): Promise<FeedPages> {
  const pages: FeedPage[] = [];
  const seen = new Set<string>();
  let url = startUrl;
  for (;;) {
    seen.add(withoutFragment(url));
    const { text, encoding, from } = await readDecoded(url).catch((err: Error) => {
      throw pages.length ? new Error(`page ${pages.length + 1} (${url}): ${err.message}`) : err;
    });
    const feed = map(text, url);
    pages.push({ url, feed, encoding, from });
    const next = feed.pages.next ?? feed.pages.prevArchive;
    if (!next) return { pages, more: null, stop: null };
    if (!follow) return { pages, more: next, stop: null };
    if (next.startsWith("file:") && !url.startsWith("file:")) {
      return { pages, more: null, stop: `page ${pages.length} links to a local file, not followed: ${next}` };
    }
    if (seen.has(withoutFragment(next))) {
      return { pages, more: null, stop: `page ${pages.length} links back to ${next}, already read` };
    }
    if (pages.length >= maxPages) {
      return { pages, more: null, stop: `stopped after ${maxPages} pages (--max-pages); next was ${next}` };
    }
    url = next;
  }
}

async function readDecoded(url: string): Promise<DecodedFeed> {
  if (url.startsWith("file:")) return decodeFeed(await readFile(fileURLToPath(url)));
  if (!/^https?:/i.test(url)) throw new Error(`cannot follow a link to ${url}`);
  const res = await fetch(url, { headers: { accept: ACCEPT }, signal: AbortSignal.timeout(30_000) });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  return decodeFeed(bytes, { charset: charsetOf(res.headers.get("content-type")) });
}

function withoutFragment(url: string): string {
  return url.replace(/#.*$/, "");
}
