import { and, asc, desc, gte, lt, sql } from "drizzle-orm";
import type { Scope } from "../domain/scope";
import type { Keyset } from "../lib/cursor";
import type { Db } from "./client";
import { articleScopes } from "./schema";
import { publiclyVisibleIn } from "./visibility";

// What the split archives (feeds/archive.ts) need to know before reading any article: counts of
// public articles per month, week and day, and the nearest articles around a period. Scope rows
// only, index range scans only, under the one visibility rule of db/visibility.ts.

export interface InstantRange {
  start: number;
  end: number;
}

/** Month, week and day around one article, as feeds/archive.ts periodsAround gives them. */
export interface CountRanges {
  month: InstantRange;
  week: InstantRange;
  day: InstantRange;
}

const s = articleScopes;
const visible = (scope: Scope, now: number) => publiclyVisibleIn(scope, now, { articlesJoined: false });
const within = (range: InstantRange) => and(gte(s.publishedAt, range.start), lt(s.publishedAt, range.end));
const inside = (range: InstantRange) =>
  sql`(${s.publishedAt} >= ${range.start} and ${s.publishedAt} < ${range.end})`;

/**
 * How many public articles lie in the month, week and day of `anchor`, and how many of that day come
 * before it in (published_at, id) order: one range scan over the month.
 */
export function periodCountsQuery(db: Db, scope: Scope, now: number, anchor: Keyset, ranges: CountRanges) {
  return db
    .select({
      month: sql<number>`count(*)`,
      week: sql<number>`coalesce(sum(${inside(ranges.week)}), 0)`,
      day: sql<number>`coalesce(sum(${inside(ranges.day)}), 0)`,
      dayBefore: sql<number>`coalesce(sum(${inside(ranges.day)} and (${s.publishedAt}, ${s.articleId}) < (${anchor.at}, ${anchor.id})), 0)`,
    })
    .from(s)
    .where(and(visible(scope, now), within(ranges.month)));
}

const KEYSET = { at: s.publishedAt, id: s.articleId };

/** The newest public article published before `at`. */
export function newestBeforeQuery(db: Db, scope: Scope, now: number, at: number) {
  return db
    .select(KEYSET)
    .from(s)
    .where(and(visible(scope, now), lt(s.publishedAt, at)))
    .orderBy(desc(s.publishedAt), desc(s.articleId))
    .limit(1);
}

/** The oldest public article published at or after `at`. */
export function oldestFromQuery(db: Db, scope: Scope, now: number, at: number) {
  return db
    .select(KEYSET)
    .from(s)
    .where(and(visible(scope, now), gte(s.publishedAt, at)))
    .orderBy(asc(s.publishedAt), asc(s.articleId))
    .limit(1);
}

/** The members of a period with their last public change, newest first (a validator's input). */
export function periodMembersQuery(db: Db, scope: Scope, now: number, range: InstantRange) {
  return db
    .select({ id: s.articleId, changed: s.publicChangedAt })
    .from(s)
    .where(and(visible(scope, now), within(range)))
    .orderBy(desc(s.publishedAt), desc(s.articleId));
}

/** One numbered page of a day: `limit` members after skipping the `offset` oldest. */
export function pageMembersQuery(
  db: Db,
  scope: Scope,
  now: number,
  range: InstantRange,
  page: { offset: number; limit: number },
) {
  return db
    .select({ id: s.articleId, changed: s.publicChangedAt, at: s.publishedAt })
    .from(s)
    .where(and(visible(scope, now), within(range)))
    .orderBy(asc(s.publishedAt), asc(s.articleId))
    .limit(page.limit)
    .offset(page.offset);
}

/** The newest publication or public change inside a period: the date of a split period's index. */
export function periodUpdatedQuery(db: Db, scope: Scope, now: number, range: InstantRange) {
  return db
    .select({ updated: sql<number | null>`max(max(${s.publishedAt}, ${s.publicChangedAt}))` })
    .from(s)
    .where(and(visible(scope, now), within(range)));
}
