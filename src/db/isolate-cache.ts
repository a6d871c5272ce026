// Per-isolate memory in front of D1 and caches.default. An isolate serves many requests, so a
// validator read a moment ago, or a document rendered for the same validator, is reused here
// without a D1 round trip or a cache lookup.
//
// Staleness bound: a validator is reused for at most its TTL (default 1 s, FEED_VALIDATOR_TTL_MS,
// "0" = off). Writes made through this isolate (editor API, Micropub, cron publishing) clear every
// memo at once, so an editor sees their change immediately; a write handled by another isolate or
// another data center shows up after at most the TTL plus the replica's lag; a request that sends the
// write's x-d1-bookmark back reuses no memo at all (routes/d1-bookmark.ts). Documents are keyed by their validator, so
// the document cache itself can never serve stale bytes.

// Memory bound: every cache here is a ByteLru, so an isolate holds at most the sum of the budgets
// (validators 256 KiB, feed documents FEED_DOCUMENT_CACHE_BYTES, article bodies 16 MiB; beside them
// the encoded feed entries, heads and tails of feeds/feed-bytes.ts, FEED_ENTRY_CACHE_BYTES (4 MiB),
// listing card heads (db/listing-heads.ts), LISTING_HEAD_CACHE_BYTES (2 MiB),
// feed frames (feeds/frame-memo.ts), 256 KiB, the ready header sets of render/cached-document.ts,
// 256 KiB, its edge cache keys and store times, 64 KiB each, feed Link headers, 64 KiB, and the
// last ETag per key of lib/conditional.ts, 64 KiB),
// whatever URLs it is asked for.

import { ByteLru, stringBytes } from "../lib/byte-lru";

export const DEFAULT_VALIDATOR_TTL_MS = 1000;
export const DEFAULT_DOCUMENT_CACHE_BYTES = 8 * 1024 * 1024;
/** Room for a few thousand scopes: far more than a newsroom's tags, sections and authors. */
export const VALIDATOR_MEMO_BYTES = 256 * 1024;

interface Memo {
  value: unknown;
  at: number;
  bytes: number;
}

const validators = new ByteLru<Memo>(VALIDATOR_MEMO_BYTES, (memo) => memo.bytes);
// Bumped by every write: a read that started before it must not store its (older) answer.
let generation = 0;

/** Bytes the validator memo holds now (for tests and the memory script). */
export function validatorMemoBytes(): number {
  return validators.size;
}

/** Called after every write that can change what readers see (runBatch in ./batch.ts does). */
export function invalidateFeedValidators(): void {
  generation++;
  validators.clear();
}

export function parseNonNegative(value: string | undefined, fallback: number): number {
  if (value === undefined || value.trim() === "") return fallback;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
}

/** `bypassMemo`: a request carrying a D1 bookmark must see at least that write, so 0 for it. */
export function validatorTtl(env: { FEED_VALIDATOR_TTL_MS?: string }, bypassMemo = false): number {
  if (bypassMemo) return 0;
  return Math.min(1000, parseNonNegative(env.FEED_VALIDATOR_TTL_MS, DEFAULT_VALIDATOR_TTL_MS));
}

export function documentCacheBytes(env: { FEED_DOCUMENT_CACHE_BYTES?: string }): number {
  return parseNonNegative(env.FEED_DOCUMENT_CACHE_BYTES, DEFAULT_DOCUMENT_CACHE_BYTES);
}

/** The memoized result of `load` for `key`, reloaded when older than `ttlMs` (0 = always reload). */
export function memoizedValidator(
  key: string,
  now: number,
  ttlMs: number,
  load: () => Promise<number | null>,
): Promise<number | null> {
  return memoizedState(key, now, ttlMs, load, 16);
}

/**
 * memoizedValidator for a small record (an article's visibility state, a scope's state): the same
 * TTL, write invalidation and byte budget; `bytes` is what one answer costs in memory.
 */
export async function memoizedState<T>(
  key: string,
  now: number,
  ttlMs: number,
  load: () => Promise<T | null>,
  bytes: number,
): Promise<T | null> {
  if (ttlMs <= 0) return load();
  const memo = validators.get(key);
  if (memo && now >= memo.at && now - memo.at < ttlMs) return memo.value as T;
  const started = generation;
  const value = await load();
  // Only what exists is remembered: names anyone can invent must cost no memory.
  if (value !== null && generation === started) validators.set(key, { value, at: now, bytes });
  return value;
}

type Sized = string | Uint8Array;
const sizeOf = (value: Sized) => (typeof value === "string" ? stringBytes(value) : value.byteLength);

/** Least-recently-used documents under a byte budget. */
export class DocumentLru<T extends Sized = string> {
  private readonly lru: ByteLru<T>;

  constructor(budget: number) {
    this.lru = new ByteLru<T>(budget, sizeOf);
  }

  /** Bytes held now. */
  get size(): number {
    return this.lru.size;
  }

  setBudget(budget: number): void {
    this.lru.setBudget(budget);
  }

  get(key: string): T | null {
    return this.lru.get(key) ?? null;
  }

  set(key: string, value: T): void {
    this.lru.set(key, value);
  }
}

// Encoded once: a hit then costs no UTF-8 encoding of a few hundred kilobytes. Feeds, pages,
// sitemaps and public API answers share it; keys carry the validator, so entries never go stale.
export const feedDocuments = new DocumentLru<Uint8Array<ArrayBuffer>>(DEFAULT_DOCUMENT_CACHE_BYTES);

/** Article bodies by `id:writeId` (a new write_id comes with every write, so entries never go stale). */
export const articleBodies = new DocumentLru(16 * 1024 * 1024);
