import { and, eq, gt, inArray, type SQL, sql } from "drizzle-orm";
import type { ArticleRow } from "../domain/article";
import type { Scope } from "../domain/scope";
import { SITE_SCOPE } from "../domain/scope";
import type { RankedPosition, SearchPosition } from "../lib/search-cursor";
import type { SearchQuery } from "../lib/search-text";
import { inflateBodies } from "./article-body";
import { type EditorListFilter, editorListConditions } from "./article-queries";
import type { Db } from "./client";
import { articleScopes, articles } from "./schema";
import { SEARCH_TABLE } from "./search-index";
import { publiclyVisibleIn } from "./visibility";

// Column weights, in the table's column order: title, lede (subtitle + summary), body, meta.
const COLUMN_WEIGHTS = { title: 10, lede: 4, body: 1, meta: 2 };
const WEIGHTS = sql.raw(
  Object.values(COLUMN_WEIGHTS)
    .map((weight) => weight.toFixed(1))
    .join(", "),
);
/** Relevance halves for every HALF_LIFE_MS an article is older than another (docs/search.md). */
export const HALF_LIFE_MS = 90 * 24 * 60 * 60 * 1000;

export type SearchAudience =
  | { kind: "public"; now: number; scope?: Scope; updatedSince?: number }
  | { kind: "editor"; filter: EditorListFilter };

/**
 * Ranking reads at most this many index matches per window: the newest ones (highest article id)
 * below the window's ceiling. Its cost is bounded by it, however many articles match (docs/search.md).
 */
export const SEARCH_WINDOW = 1000;
/** Windows one request walks before it answers a short page with a cursor to the next one. */
export const MAX_WINDOWS_PER_PAGE = 4;

export interface SearchHit {
  article: ArticleRow;
  /** 1 when the whole query stands contiguous in the title or body (ranked first), else 0. */
  tier: number;
  score: number;
  /** Where the page after this hit starts. */
  position: SearchPosition;
}

export interface SearchResult {
  hits: SearchHit[];
  /** Set when the walk stopped at MAX_WINDOWS_PER_PAGE before `limit` hits: the next page starts here. */
  resume: SearchPosition | null;
}

interface WindowOptions {
  /** Index matches per window (SEARCH_WINDOW); smaller in tests. */
  windowSize?: number;
  maxWindows?: number;
}

/**
 * One page of articles matching `query`, best first within windows of the newest `windowSize`
 * index matches, window after window: phrase matches, then by
 * score = ln(1 + relevance) + ln 2 × publishedAt / HALF_LIFE_MS, where relevance is −bm25.
 * The score depends on no clock, so a cursor (window ceiling, tier, score, id) pages through every
 * match exactly once while the index is unchanged. Public readers see exactly what the listing of
 * `scope` shows now (visibility.ts); editors see every article their list filter admits.
 */
export async function searchArticles(
  db: Db,
  query: SearchQuery,
  audience: SearchAudience,
  page: { limit: number; after?: SearchPosition | null } & WindowOptions,
): Promise<SearchResult> {
  const windowSize = page.windowSize ?? SEARCH_WINDOW;
  const maxWindows = page.maxWindows ?? MAX_WINDOWS_PER_PAGE;
  let ceiling = page.after?.ceiling ?? null;
  let last = page.after?.last ?? null;
  const ranked: { ceiling: number | null; row: RankedPosition }[] = [];
  let resume: SearchPosition | null = null;
  for (let walked = 0; ranked.length < page.limit; walked++) {
    if (walked === maxWindows) {
      resume = { ceiling, last: null };
      break;
    }
    const window = await rankWindow(db, query, audience, {
      ceiling,
      after: last,
      limit: page.limit - ranked.length,
      windowSize,
    });
    const windowCeiling = ceiling;
    ranked.push(...window.rows.map((row) => ({ ceiling: windowCeiling, row })));
    // A window short of its size holds the oldest matches: there is nothing below it.
    if (window.matches < windowSize || window.floor === null) break;
    ceiling = window.floor;
    last = null;
  }
  if (ranked.length === 0) return { hits: [], resume };
  const ids = ranked.map((r) => r.row.id);
  const rows = [];
  // D1 binds at most 100 parameters per statement.
  for (let i = 0; i < ids.length; i += 90) {
    rows.push(
      ...(await db
        .select()
        .from(articles)
        .where(inArray(articles.id, ids.slice(i, i + 90)))),
    );
  }
  const byId = new Map(inflateBodies(rows).map((row) => [row.id, row]));
  const hits = ranked.flatMap(({ ceiling: windowCeiling, row }) => {
    const article = byId.get(row.id);
    return article
      ? [{ article, tier: row.tier, score: row.score, position: { ceiling: windowCeiling, last: row } }]
      : [];
  });
  return { hits, resume };
}

interface RankedWindow {
  rows: RankedPosition[];
  /** Index matches in the window, visible or not (≤ windowSize). */
  matches: number;
  /** The window's lowest article id: the next window's ceiling. */
  floor: number | null;
}

async function rankWindow(
  db: Db,
  query: SearchQuery,
  audience: SearchAudience,
  w: { ceiling: number | null; after: RankedPosition | null; limit: number; windowSize: number },
): Promise<RankedWindow> {
  const table = sql.identifier(SEARCH_TABLE);
  const visible: (SQL | undefined)[] =
    audience.kind === "public"
      ? [
          publiclyVisibleIn(audience.scope ?? SITE_SCOPE, audience.now),
          audience.updatedSince === undefined
            ? undefined
            : gt(articles.publicChangedAt, audience.updatedSince),
        ]
      : editorListConditions(db, audience.filter);
  const scopeJoin =
    audience.kind === "public"
      ? sql`cross join ${articleScopes} on ${eq(articleScopes.articleId, articles.id)}`
      : sql``;
  const below = w.ceiling === null ? sql`` : sql`and rowid < ${w.ceiling}`;
  const after = w.after
    ? sql`where (tier, score, id) < (${w.after.tier}, ${w.after.score}, ${w.after.id})`
    : sql``;
  // The window: FTS5 walks the matches newest first and stops after windowSize of them.
  // MATERIALIZED: without it SQLite flattens the CTEs and probes the FTS table once per visible
  // article, re-running the whole match each time.
  // bm25 would read every match of each phrase in the whole table for its statistics on its first
  // call (70 ms at 100,000 matches), so a full window ranks by the columns the query matches in,
  // with bm25's column weights; a window short of its size holds every match left and uses bm25.
  // CROSS JOIN keeps the matches the outer loop: D1 has no ANALYZE statistics, and without them
  // SQLite scans every visible article of the scope first, so a one-match query grew with the archive.
  // The LEFT JOIN from `bounds` answers the window's size and floor even when no hit is visible.
  const inColumns = (columns: string) => sql`${`{${columns}} : (${query.match})`}`;
  const columnHits = (columns: string) => sql`materialized (
      select rowid as id from ${table} where (select is_full from fullness)
        and ${table} match ${inColumns(columns)} and rowid >= (select floor from bounds) ${below}
    )`;
  const columnRelevance = sql.join(
    Object.entries(COLUMN_WEIGHTS).map(
      ([column, weight]) =>
        sql`${sql.raw(weight.toFixed(1))} * (hits.id in (select id from ${sql.identifier(`${column}_hits`)}))`,
    ),
    sql` + `,
  );
  const answer = await db.all<{ matches: number; floor: number | null } & Partial<RankedPosition>>(sql`
    with fullness as materialized (
      select count(*) >= ${w.windowSize} as is_full from (
        select rowid from ${table} where ${table} match ${query.match} ${below}
        order by rowid desc limit ${w.windowSize}
      )
    ),
    hits as materialized (
      select rowid as id,
        case when (select is_full from fullness) then null else -bm25(${table}, ${WEIGHTS}) end as relevance
      from ${table} where ${table} match ${query.match} ${below} order by rowid desc limit ${w.windowSize}
    ),
    bounds as materialized (select count(*) as matches, min(id) as floor from hits),
    phrase_hits as materialized (
      select rowid as id from ${table}
      where ${table} match ${query.phrase} and rowid >= (select floor from bounds) ${below}
    ),
    title_hits as ${columnHits("title")},
    lede_hits as ${columnHits("lede")},
    body_hits as ${columnHits("body")},
    meta_hits as ${columnHits("meta")},
    ranked as (
      select ${articles.id} as id,
        (${articles.id} in (select id from phrase_hits)) as tier,
        ln(1 + coalesce(hits.relevance, ${columnRelevance})) + ${Math.LN2} * coalesce(${articles.publishedAt}, ${articles.updatedAt}) / ${HALF_LIFE_MS} as score
      from hits cross join ${articles} on ${articles.id} = hits.id ${scopeJoin}
      where ${and(sql`1`, ...visible)}
    ),
    page as (select id, tier, score from ranked ${after} order by tier desc, score desc, id desc limit ${w.limit})
    select bounds.matches, bounds.floor, page.id, page.tier, page.score
    from bounds left join page
    order by page.tier desc, page.score desc, page.id desc`);
  const first = answer[0];
  return {
    matches: first?.matches ?? 0,
    floor: first?.floor ?? null,
    rows: answer.flatMap((r) =>
      r.id === undefined || r.id === null ? [] : [{ id: r.id, tier: r.tier ?? 0, score: r.score ?? 0 }],
    ),
  };
}
