import { ByteLru, stringBytes } from "../lib/byte-lru";

// A feed document's frame (everything but its entries: titles, self, paging and archive links) is
// a pure function of the site, the scope, the paging, the last change and the content mode, and a
// polled feed asks for the same one on every request until one of those changes. Building it
// parses a dozen URLs, so each isolate keeps recent frames, and feed-bytes.ts keeps their encoded
// head and tail under the frame's key. A frame is shared and read-only: nothing writes to it.

/** A few hundred frames: every scope's first pages in every content mode. */
export const FRAME_MEMO_BYTES = 256 * 1024;

const frames = new ByteLru<{ frame: object; bytes: number }>(FRAME_MEMO_BYTES, (entry) => entry.bytes);
const keys = new WeakMap<object, string>();
const siteIds = new WeakMap<object, number>();
let lastSiteId = 0;

/**
 * The frame `build` makes of `inputs` for this `site`, built once while it stays in the memo.
 * `inputs` must hold everything but the site that the frame is made of (plain data: JSON tells
 * different inputs apart); the site is told apart by identity, as feedRenderKey does.
 */
export function memoizedFrame<T extends object>(site: object, inputs: unknown, build: () => T): T {
  let siteId = siteIds.get(site);
  if (siteId === undefined) {
    siteId = ++lastSiteId;
    siteIds.set(site, siteId);
  }
  const key = `${siteId}\u0000${JSON.stringify(inputs)}`;
  const kept = frames.get(key);
  if (kept !== undefined) return kept.frame as T;
  const frame = build();
  frames.set(key, { frame, bytes: stringBytes(key) + stringBytes(JSON.stringify(frame)) });
  keys.set(frame, key);
  return frame;
}

/** The memo key of a frame memoizedFrame returned; undefined for any other object (a copy, a test's). */
export const frameKeyOf = (frame: object): string | undefined => keys.get(frame);
