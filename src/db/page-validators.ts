import { and, eq, gt, lte, max, min, sql } from "drizzle-orm";
import type { ArticleRow } from "../domain/article";
import { normalizeName } from "../domain/names";
import type { Scope } from "../domain/scope";
import { scopeState } from "./article-queries";
import type { Db } from "./client";
import { compiledSelect } from "./compiled-select";
import { memoizedState, memoizedValidator } from "./isolate-cache";
import { articleScopes, articleSlugs, articles } from "./schema";
import { publiclyVisibleIn } from "./visibility";

// The cheap queries that decide a page's validator before anything is rendered, memoized per
// isolate like the feeds' (isolate-cache.ts: ≤ 1 s, cleared by every write in this isolate).

/** What serving one article needs to know before reading it: visibility, identity, version. */
export type ArticleState = Pick<
  ArticleRow,
  "id" | "slug" | "status" | "publishedAt" | "deletedAt" | "updatedAt" | "version"
>;

const STATE_COLUMNS = {
  id: articles.id,
  slug: articles.slug,
  status: articles.status,
  publishedAt: articles.publishedAt,
  deletedAt: articles.deletedAt,
  updatedAt: articles.updatedAt,
  version: articles.version,
};
const stateBySlug = compiledSelect(STATE_COLUMNS, (db, columns) =>
  db
    .select(columns)
    .from(articleSlugs)
    .innerJoin(articles, eq(articles.id, articleSlugs.articleId))
    .where(eq(articleSlugs.slug, sql.placeholder("slug")))
    .limit(1),
);
const stateById = compiledSelect(STATE_COLUMNS, (db, columns) =>
  db
    .select(columns)
    .from(articles)
    .where(eq(articles.id, sql.placeholder("id")))
    .limit(1),
);
// Key, a slug of up to a few hundred characters and a handful of numbers.
const ARTICLE_STATE_BYTES = 512;

/** The article a current or former slug names, without any body; null when no article had it. */
export function articleStateBySlug(
  db: Db,
  slug: string,
  now: number,
  ttlMs: number,
): Promise<ArticleState | null> {
  const name = normalizeName(slug);
  return memoizedState(
    `article-slug\u0000${name}`,
    now,
    ttlMs,
    async () => {
      const [row] = await stateBySlug(db, { slug: name });
      return row ?? null;
    },
    ARTICLE_STATE_BYTES,
  );
}

/** The article with this id, without any body; null when there is none. */
export function articleStateById(
  db: Db,
  id: number,
  now: number,
  ttlMs: number,
): Promise<ArticleState | null> {
  return memoizedState(
    `article-id\u0000${id}`,
    now,
    ttlMs,
    async () => {
      const [row] = await stateById(db, { id });
      return row ?? null;
    },
    ARTICLE_STATE_BYTES,
  );
}

/** scopeState (last public change, lists anything now), memoized; null is never remembered. */
export async function memoizedScopeState(db: Db, scope: Scope, now: number, ttlMs: number) {
  const state = await memoizedState(
    `scope-state\u0000${scope.kind}\u0000${scope.key}`,
    now,
    ttlMs,
    async () => {
      const found = await scopeState(db, scope, now);
      return found.changed === null ? null : found;
    },
    64 + scope.key.length * 2,
  );
  return state ?? { changed: null, listsArticles: false };
}

/**
 * The publication time of the oldest public site article of the last `windowMs`: with the site's
 * last change it fixes which articles a rolling window (the news sitemap) lists, so the validator
 * moves when an article ages out though nothing was written. One index seek.
 */
export async function oldestPublishedWithin(db: Db, windowMs: number, now: number, ttlMs: number) {
  const since = now - windowMs;
  const oldest = await memoizedState(
    `oldest-within\u0000${windowMs}`,
    now,
    ttlMs,
    async () => {
      const [row] = await db
        .select({ at: min(articleScopes.publishedAt) })
        .from(articleScopes)
        .where(
          and(
            publiclyVisibleIn({ kind: "site", key: "" }, now, { articlesJoined: false }),
            gt(articleScopes.publishedAt, since),
          ),
        );
      return { at: row?.at ?? null };
    },
    64,
  );
  return oldest?.at ?? null;
}

/**
 * The last public change of any article that has already happened: what delta polling
 * (listPublicChanges) can return moves only with it. One seek on articles_public_changed_idx.
 */
export async function lastPublicChange(db: Db, now: number, ttlMs: number): Promise<number> {
  const last = await memoizedValidator("any-article", now, ttlMs, async () => {
    const [row] = await db
      .select({ at: max(articles.publicChangedAt) })
      .from(articles)
      .where(lte(articles.publicChangedAt, now));
    return row?.at ?? null;
  });
  return last ?? 0;
}
