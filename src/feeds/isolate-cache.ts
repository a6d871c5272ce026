// Per-isolate memory in front of D1 and caches.default. An isolate serves many requests, so a
// validator read a moment ago, or a document rendered for the same validator, is reused here
// without a D1 round trip or a cache lookup.
//
// Staleness bound: a validator is reused for at most its TTL (default 1 s, FEED_VALIDATOR_TTL_MS,
// "0" = off). Writes made through this isolate (editor API, Micropub, cron publishing) clear every
// memo at once, so an editor sees their change immediately; a write handled by another isolate or
// another data center shows up after at most the TTL. Documents are keyed by their validator, so
// the document cache itself can never serve stale bytes.

import { onArticleWrite } from "../lib/write-events";

export const DEFAULT_VALIDATOR_TTL_MS = 1000;
export const DEFAULT_DOCUMENT_CACHE_BYTES = 8 * 1024 * 1024;

interface Memo {
  value: number | null;
  at: number;
}

const validators = new Map<string, Memo>();
// Bumped by every write: a read that started before it must not store its (older) answer.
let generation = 0;

/** Called after every write that can change what readers see. */
export function invalidateFeedValidators(): void {
  generation++;
  validators.clear();
}

onArticleWrite(invalidateFeedValidators);

function parseNonNegative(value: string | undefined, fallback: number): number {
  if (value === undefined || value.trim() === "") return fallback;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
}

export function validatorTtl(env: { FEED_VALIDATOR_TTL_MS?: string }): number {
  return Math.min(1000, parseNonNegative(env.FEED_VALIDATOR_TTL_MS, DEFAULT_VALIDATOR_TTL_MS));
}

export function documentCacheBytes(env: { FEED_DOCUMENT_CACHE_BYTES?: string }): number {
  return parseNonNegative(env.FEED_DOCUMENT_CACHE_BYTES, DEFAULT_DOCUMENT_CACHE_BYTES);
}

/** The memoized result of `load` for `key`, reloaded when older than `ttlMs` (0 = always reload). */
export async function memoizedValidator(
  key: string,
  now: number,
  ttlMs: number,
  load: () => Promise<number | null>,
): Promise<number | null> {
  if (ttlMs <= 0) return load();
  const memo = validators.get(key);
  if (memo && now >= memo.at && now - memo.at < ttlMs) return memo.value;
  const started = generation;
  const value = await load();
  if (generation === started) {
    // Bounded: scopes are few, but a crawler walking every tag must not grow this without end.
    if (validators.size >= 1000) validators.clear();
    validators.set(key, { value, at: now });
  }
  return value;
}

type Sized = string | Uint8Array;
// Strings count at UTF-16 size, what the isolate's heap holds for them.
const sizeOf = (value: Sized) => (typeof value === "string" ? value.length * 2 : value.byteLength);

/** Least-recently-used values under a byte budget. */
export class DocumentLru<T extends Sized = string> {
  private readonly entries = new Map<string, T>();
  private bytes = 0;

  constructor(private budget: number) {}

  get size(): number {
    return this.bytes;
  }

  setBudget(budget: number): void {
    this.budget = budget;
    this.evict();
  }

  get(key: string): T | null {
    const value = this.entries.get(key);
    if (value === undefined) return null;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: string, value: T): void {
    const cost = key.length * 2 + sizeOf(value);
    // A document larger than a quarter of the budget would flush everything else for one entry.
    if (cost > this.budget / 4) return;
    const old = this.entries.get(key);
    if (old !== undefined) {
      this.entries.delete(key);
      this.bytes -= key.length * 2 + sizeOf(old);
    }
    this.entries.set(key, value);
    this.bytes += cost;
    this.evict();
  }

  private evict(): void {
    for (const [key, value] of this.entries) {
      if (this.bytes <= this.budget) break;
      this.entries.delete(key);
      this.bytes -= key.length * 2 + sizeOf(value);
    }
  }
}

// Encoded once: a hit then costs no UTF-8 encoding of a few hundred kilobytes.
export const feedDocuments = new DocumentLru<Uint8Array<ArrayBuffer>>(DEFAULT_DOCUMENT_CACHE_BYTES);

/** Article bodies by `id:writeId` (a new write_id comes with every write, so entries never go stale). */
export const articleBodies = new DocumentLru(16 * 1024 * 1024);
