import { concatBytes, DEFAULT_ENTRY_CACHE_BYTES } from "../feeds/feed-bytes";
import { ByteLru } from "../lib/byte-lru";

// The public API's list is mostly its items, and the next list of a scope (one article published or
// edited) repeats all but one of them. So, like the feeds' entries (feeds/feed-bytes.ts), each
// isolate keeps every item's JSON encoded, and a list copies its items' bytes and encodes only new
// ones. An item is keyed by everything its bytes depend on: the site's render key (render version,
// stylesheet, site settings: routes/html-response.ts pageRenderKey), the content mode, the article's
// id and its write id, which every write changes. Which items a list shows is decided by the
// visibility query alone, so a pulled, deleted or unscheduled article is never looked up here.

const UTF8 = new TextEncoder();
const encodedItems = new ByteLru<Uint8Array>(DEFAULT_ENTRY_CACHE_BYTES, (bytes) => bytes.byteLength);

/** Bytes the item cache holds now (tests). */
export const itemCacheSize = () => encodedItems.size;

export interface ItemCache {
  /** Bytes this isolate may hold for encoded items (FEED_ENTRY_CACHE_BYTES); 0 = encode every time. */
  budget: number;
  /** Everything but the article that shapes an item's bytes. */
  renderKey: string;
}

/** An item already encoded, or how to build the value JSON.stringify would write for it. */
export type ListItem = { encoded: Uint8Array } | { revision: string; value: () => unknown };

/** The kept encoding of the item of this revision (`id:writeId:content`), if any. */
export function encodedItem(cache: ItemCache, revision: string): Uint8Array | undefined {
  if (cache.budget <= 0) return undefined;
  encodedItems.setBudget(cache.budget);
  return encodedItems.get(itemKey(cache.renderKey, revision));
}

/**
 * The UTF-8 bytes of `JSON.stringify({ items, ...rest })`, `items` being the items' values in order.
 * JSON.stringify writes a nested value exactly as it writes it alone (lone surrogates escaped), so
 * each item's text is a whole string of well-formed text and the pieces join byte for byte.
 */
export function jsonListBytes(
  items: readonly ListItem[],
  rest: Readonly<Record<string, unknown>>,
  cache: ItemCache,
): Uint8Array {
  encodedItems.setBudget(cache.budget);
  const restText = JSON.stringify(rest);
  const pieces: Uint8Array[] = [UTF8.encode('{"items":[')];
  const comma = UTF8.encode(",");
  items.forEach((item, index) => {
    if (index > 0) pieces.push(comma);
    if ("encoded" in item) {
      pieces.push(item.encoded);
      return;
    }
    const bytes = UTF8.encode(JSON.stringify(item.value()));
    if (cache.budget > 0) encodedItems.set(itemKey(cache.renderKey, item.revision), bytes);
    pieces.push(bytes);
  });
  // `{}` → `]}`; `{"a":1}` → `],"a":1}`.
  pieces.push(UTF8.encode(restText === "{}" ? "]}" : `],${restText.slice(1)}`));
  return concatBytes(pieces);
}

const itemKey = (renderKey: string, revision: string) => `api\u0000${renderKey}\u0000${revision}`;
