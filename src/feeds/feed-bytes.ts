import { ByteLru } from "../lib/byte-lru";
import { ATOM_SERIALIZER } from "./atom";
import type { FeedSerializer } from "./feed-serializer";
import { frameKeyOf } from "./frame-memo";
import { JSON_FEED_SERIALIZER } from "./json-feed";
import type { FeedParts } from "./model";
import { RSS_SERIALIZER } from "./rss";
import type { FeedFormat } from "./urls";

// A feed document is mostly its entries, and a new document of a scope (one article published or
// edited) repeats all but one of the previous document's. So each isolate keeps entries encoded:
// a render then writes the head and tail, copies the entries' bytes and encodes only new ones.
// An entry is keyed by everything its bytes depend on: the format, the site's render key (render
// version, stylesheet, site settings: feeds/http.ts), the content mode and the article's write id,
// which every write changes. The head and tail of a memoized frame are kept the same way, under the
// frame's key (frame-memo.ts), which holds everything they are made of. Which entries a document
// lists is decided by the visibility query alone, so a pulled, deleted or unscheduled article is
// never looked up, whatever this holds.

export const DEFAULT_ENTRY_CACHE_BYTES = 4 * 1024 * 1024;

const SERIALIZERS: Record<FeedFormat, FeedSerializer> = {
  rss: RSS_SERIALIZER,
  atom: ATOM_SERIALIZER,
  json: JSON_FEED_SERIALIZER,
};

const UTF8 = new TextEncoder();
const encodedEntries = new ByteLru<Uint8Array>(DEFAULT_ENTRY_CACHE_BYTES, (bytes) => bytes.byteLength);

/** Bytes the entry cache holds now (tests, the memory script). */
export const entryCacheSize = () => encodedEntries.size;

/** FEED_ENTRY_CACHE_BYTES, else the default; "0" turns the cache off (the bench's cold rows). */
export function entryCacheBytes(env: { FEED_ENTRY_CACHE_BYTES?: string }): number {
  const value = env.FEED_ENTRY_CACHE_BYTES;
  const bytes = value === undefined || value.trim() === "" ? Number.NaN : Number(value);
  return Number.isFinite(bytes) && bytes >= 0 ? bytes : DEFAULT_ENTRY_CACHE_BYTES;
}

export interface EntryCache {
  /** Bytes this isolate may hold for encoded entries; 0 = encode every entry on every render. */
  budget: number;
  /** Everything but the entry that shapes an entry's bytes: feedRenderKey(site). */
  renderKey: string;
}

/**
 * The document's UTF-8 bytes, identical to encoding renderRss/renderAtom/renderJsonFeed's string of
 * the same model. Pieces never split a character: each is a whole string of well-formed text.
 */
export function renderFeedBytes(format: FeedFormat, parts: FeedParts, cache: EntryCache): Uint8Array {
  const { frame: doc } = parts;
  const serializer = SERIALIZERS[format];
  encodedEntries.setBudget(cache.budget);
  const frameKey = frameKeyOf(doc);
  const pieces: Uint8Array[] = [framePiece(format, cache, frameKey, "head", () => serializer.head(doc))];
  const separator = UTF8.encode(serializer.separator);
  parts.entries.forEach((entry, index) => {
    if (index > 0 && separator.byteLength > 0) pieces.push(separator);
    if ("encoded" in entry) {
      pieces.push(entry.encoded);
      return;
    }
    const key = entryKey(format, cache.renderKey, entry.revision);
    let bytes = cache.budget > 0 ? encodedEntries.get(key) : undefined;
    if (bytes === undefined) {
      bytes = UTF8.encode(serializer.item(doc, entry.build()));
      if (cache.budget > 0) encodedEntries.set(key, bytes);
    }
    pieces.push(bytes);
  });
  pieces.push(framePiece(format, cache, frameKey, "tail", () => serializer.tail(doc)));
  return concatBytes(pieces);
}

// A memoized frame's head and tail, encoded once per format and render key (frame-memo.ts).
function framePiece(
  format: FeedFormat,
  cache: EntryCache,
  frameKey: string | undefined,
  part: "head" | "tail",
  text: () => string,
): Uint8Array {
  if (frameKey === undefined || cache.budget <= 0) return UTF8.encode(text());
  const key = `${part}\u0000${format}\u0000${cache.renderKey}\u0000${frameKey}`;
  let bytes = encodedEntries.get(key);
  if (bytes === undefined) {
    bytes = UTF8.encode(text());
    encodedEntries.set(key, bytes);
  }
  return bytes;
}

/** The kept encoding of an entry of this format and revision, if any. */
export function encodedEntry(
  format: FeedFormat,
  cache: EntryCache,
  revision: string,
): Uint8Array | undefined {
  if (cache.budget <= 0) return undefined;
  encodedEntries.setBudget(cache.budget);
  return encodedEntries.get(entryKey(format, cache.renderKey, revision));
}

const entryKey = (format: FeedFormat, renderKey: string, revision: string) =>
  `${format}\u0000${renderKey}\u0000${revision}`;

/** The pieces joined into one array (also the API list's: render/json-list-bytes.ts). */
export function concatBytes(pieces: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const piece of pieces) length += piece.byteLength;
  const out = new Uint8Array(length);
  let at = 0;
  for (const piece of pieces) {
    out.set(piece, at);
    at += piece.byteLength;
  }
  return out;
}
