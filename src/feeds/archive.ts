// RFC 5005 §4 archives: one document per scope and calendar month (UTC) of publication.
// UTC, not the site's offset, so a configuration change can never move an article between archives.
//
// A month holding more than ARCHIVE_MAX_ITEMS public articles is split into weeks (days 1–7, 8–14,
// 15–21, 22–28, 29–end: a week never crosses a month boundary), a week over the cap into days, and a
// day over the cap into numbered pages of at most ARCHIVE_MAX_ITEMS, oldest first (so the pages of
// the current day already written stay as they are while it grows). That terminates at any volume.

/** Most entries in one archive document; a period with more is split. */
export const ARCHIVE_MAX_ITEMS = 2000;

const DAY_MS = 86_400_000;
const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])(?:-w([1-5])|-(0[1-9]|[12]\d|3[01])(?:-p([1-9]\d{0,8}))?)?$/;

export type PeriodLevel = "month" | "week" | "day" | "page";

/** One archive period: its URL key ("2020-12", "2020-12-w2", "2020-12-09", "2020-12-09-p2") and range. */
export interface ArchivePeriod {
  key: string;
  level: PeriodLevel;
  month: Range;
  /** The instants [start, end) it covers; a page covers its whole day and is cut by position. */
  range: Range;
  /** 1-based page of a day, null above the page level. */
  page: number | null;
}

export interface Range {
  start: number;
  end: number;
}

/** How many public articles of the scope lie in the month, week and day of one instant. */
export interface PeriodCounts {
  month: number;
  week: number;
  day: number;
  /** Articles of that day ordered before the instant's article (published_at, id): its page position. */
  dayBefore: number;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

function utcDate(year: number, monthIndex: number, day: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, monthIndex, day);
  return d.getTime();
}

/** "2020-12" for an instant. */
export function monthOf(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}`;
}

/** The week block (1–5) of a day of the month. */
const weekOfDay = (day: number) => Math.min(5, Math.ceil(day / 7));

/** Month, week and day ranges holding an instant. */
export function periodsAround(ms: number): { month: Range; week: Range; day: Range } {
  const d = new Date(ms);
  const [year, index, day] = [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()];
  const month = { start: utcDate(year, index, 1), end: utcDate(year, index + 1, 1) };
  const week = weekRange(month, weekOfDay(day));
  const dayStart = utcDate(year, index, day);
  return { month, week, day: { start: dayStart, end: dayStart + DAY_MS } };
}

function weekRange(month: Range, week: number): Range {
  const start = month.start + (week - 1) * 7 * DAY_MS;
  return { start, end: week === 5 ? month.end : Math.min(month.end, start + 7 * DAY_MS) };
}

/** The period a key names, or null when it is not one (a day the month lacks, a week 5 of 28 days). */
export function parsePeriod(key: string): ArchivePeriod | null {
  const m = PERIOD.exec(key);
  if (!m) return null;
  const year = Number(m[1]);
  if (year < 1) return null;
  const month = { start: utcDate(year, Number(m[2]) - 1, 1), end: utcDate(year, Number(m[2]), 1) };
  if (m[3]) {
    const range = weekRange(month, Number(m[3]));
    return range.start < month.end ? { key, level: "week", month, range, page: null } : null;
  }
  if (m[4]) {
    const start = month.start + (Number(m[4]) - 1) * DAY_MS;
    if (start >= month.end) return null;
    const range = { start, end: start + DAY_MS };
    return m[5]
      ? { key, level: "page", month, range, page: Number(m[5]) }
      : { key, level: "day", month, range, page: null };
  }
  return { key, level: "month", month, range: month, page: null };
}

/** The instant range [start, end) of a month key, or null when the key is not a month. */
export function monthRange(month: string): Range | null {
  const period = parsePeriod(month);
  return period?.level === "month" ? period.range : null;
}

/** A period is closed once it has ended: its archive only changes when one of its articles is edited. */
export function isClosedPeriod(period: ArchivePeriod, now: number): boolean {
  return period.range.end <= now;
}

export function isClosedMonth(month: string, now: number): boolean {
  const period = parsePeriod(month);
  return period?.level === "month" && isClosedPeriod(period, now);
}

/** Key of the archive document (a leaf of the split) that holds the article at `ms` with these counts. */
export function leafKeyOf(ms: number, counts: PeriodCounts, cap = ARCHIVE_MAX_ITEMS): string {
  const month = monthOf(ms);
  if (counts.month <= cap) return month;
  const day = new Date(ms).getUTCDate();
  if (counts.week <= cap) return `${month}-w${weekOfDay(day)}`;
  const dayKey = `${month}-${pad(day)}`;
  if (counts.day <= cap) return dayKey;
  return `${dayKey}-p${Math.floor(counts.dayBefore / cap) + 1}`;
}

/** Number of pages a day of `count` articles splits into (only meaningful when count > cap). */
export const pagesOf = (count: number, cap = ARCHIVE_MAX_ITEMS) => Math.ceil(count / cap);

/**
 * What a period's URL serves with these counts (taken at the period's start): "leaf" a document of
 * entries, "index" a split period (no entries, links into its parts), "absent" nothing (404): an
 * empty period, or a part of a period that is not split.
 */
export function periodRole(
  period: ArchivePeriod,
  counts: PeriodCounts,
  cap = ARCHIVE_MAX_ITEMS,
): "leaf" | "index" | "absent" {
  const chain = [counts.month, counts.week, counts.day];
  const depth = { month: 0, week: 1, day: 2, page: 3 }[period.level];
  if (chain.slice(0, depth).some((count) => count <= cap)) return "absent";
  if (period.page !== null) return period.page <= pagesOf(counts.day, cap) ? "leaf" : "absent";
  const own = chain[depth] ?? 0;
  if (own === 0) return "absent";
  return own > cap ? "index" : "leaf";
}
