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
 * before it in (published_at, id) order — as far as a split needs to know: the month and week counts
 * stop at `cap + 1`, and each level is counted only when the one above it is over `cap` (else 0), so
 * a month under the cap costs one scan of its rows and a huge month no more than its day.
 */
export async function periodCounts(
  db: Db,
  scope: Scope,
  options: { now: number; anchor: Keyset; ranges: CountRanges; cap: number },
): Promise<{ month: number; week: number; day: number; dayBefore: number }> {
  const { now, anchor, ranges, cap } = options;
  const count = (range: InstantRange, limit: number | null, extra = sql`1`) =>
    sql`(select count(*) from (select 1 from ${s} where ${visible(scope, now)} and ${inside(range)} and ${extra}
      ${limit === null ? sql`` : sql`limit ${limit}`}))`;
  const before = sql`(${s.publishedAt}, ${s.articleId}) < (${anchor.at}, ${anchor.id})`;
  const [row] = await db.all<{ month: number; week: number; day: number; dayBefore: number }>(sql`
    with m(c) as (select ${count(ranges.month, cap + 1)}),
      w(c) as (select case when m.c > ${cap} then ${count(ranges.week, cap + 1)} else 0 end from m),
      d(c) as (select case when w.c > ${cap} then ${count(ranges.day, null)} else 0 end from w),
      b(c) as (select case when d.c > ${cap} then ${count(ranges.day, null, before)} else 0 end from d)
    select m.c as month, w.c as week, d.c as day, b.c as dayBefore from m, w, d, b`);
  return {
    month: Number(row?.month ?? 0),
    week: Number(row?.week ?? 0),
    day: Number(row?.day ?? 0),
    dayBefore: Number(row?.dayBefore ?? 0),
  };
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
