import type { ArticleRow } from "../domain/article";
import type { Scope } from "../domain/scope";
import { ByteLru, stringBytes } from "../lib/byte-lru";
import type { Keyset } from "../lib/cursor";
import type { Db } from "./client";
import { parseNonNegative } from "./isolate-cache";
import { byIdStatements, type EntryKey, keptOrReadPage, listPublicEntryKeys } from "./public-entries";
import { LISTED_COLUMNS, type PageOptions, pageQueries, runSeek } from "./public-heads";

// A listing page's cards (home, section, tag, author) in as few rows read as a feed's entries: the
// keys through the scope's listing index alone, the card heads this isolate holds by id and write
// id, and only the others read by id (public-entries.ts keptOrReadPage, the feeds' own path). A card
// is the same in every listing and depends on its article's row alone, so one head serves them all.

/** What a card shows (render/listing-page.tsx ListItem), and the write id it is kept by. */
const CARD_FIELDS = [
  "id",
  "writeId",
  "slug",
  "title",
  "subtitle",
  "summary",
  "language",
  "section",
  "authors",
  "publishedAt",
  "publishedOffset",
] as const;
export type ListingCard = Pick<ArticleRow, (typeof CARD_FIELDS)[number]>;
const CARD_COLUMNS = Object.fromEntries(CARD_FIELDS.map((field) => [field, LISTED_COLUMNS[field]]));

const PAGES = pageQueries<ListingCard>(CARD_COLUMNS);
const cardsById = byIdStatements<ListingCard>(CARD_COLUMNS, true);
const CARD_READS = {
  whole: (db: Db, scope: Scope, options: PageOptions) => runSeek<ListingCard>(PAGES, db, scope, options),
  finish: (card: ListingCard) => card,
  byId: cardsById,
};

export const DEFAULT_LISTING_HEAD_CACHE_BYTES = 2 * 1024 * 1024;

/** LISTING_HEAD_CACHE_BYTES, else the default; "0" turns the cache off (every render reads whole rows). */
export function listingHeadCacheBytes(env: { LISTING_HEAD_CACHE_BYTES?: string }): number {
  return parseNonNegative(env.LISTING_HEAD_CACHE_BYTES, DEFAULT_LISTING_HEAD_CACHE_BYTES);
}

// The JSON text in UTF-16 stands for the strings and the object around them.
const heads = new ByteLru<ListingCard>(DEFAULT_LISTING_HEAD_CACHE_BYTES, (card) =>
  stringBytes(JSON.stringify(card)),
);

/** Bytes the head cache holds now (tests, the memory script). */
export const listingHeadCacheSize = () => heads.size;

const headKey = (key: Pick<EntryKey, "id" | "writeId">) => `${key.id}:${key.writeId}`;

/**
 * One page of a scope's listing, newest first: the cards of its first `limit` articles publicly
 * visible now, and whether an older page exists. A head held from an earlier request is used only
 * when the key read now carries its write id; an article hidden since its key was read is left out.
 */
export async function listPublicCards(
  db: Db,
  scope: Scope,
  options: { now: number; limit: number; before: Keyset | null },
  budget: number,
): Promise<{ cards: ListingCard[]; older: boolean }> {
  heads.setBudget(budget);
  const keeps = budget > 0;
  const { before, limit } = options;
  const page = {
    key: `listing\u0000${scope.kind}\u0000${scope.key}\u0000${before?.at}:${before?.id}`,
    keeps,
  };
  const { keys, found } = await keptOrReadPage(
    CARD_READS,
    db,
    scope,
    { ...options, limit: limit + 1, entries: limit },
    page,
    (key) => (keeps ? heads.get(headKey(key)) : undefined),
  );
  const cards = found.map((item) => {
    if ("kept" in item) return item.kept;
    // Keyed by the row read: an article edited since its key was read is held as its new write.
    if (keeps) heads.set(headKey(item.row), item.row);
    return item.row;
  });
  return { cards, older: keys.length > limit };
}

/** Whether a later page holds any article now: one key through the listing index. */
export async function listingPageExists(db: Db, scope: Scope, options: { now: number; before: Keyset }) {
  return (await listPublicEntryKeys(db, scope, { ...options, limit: 1 })).length > 0;
}
