// RFC 5005 §4 archives: one document per scope and calendar month (UTC) of publication.
// UTC, not the site's offset, so a configuration change can never move an article between archives.

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** "2020-12" for an instant. */
export function monthOf(ms: number): string {
  const d = new Date(ms);
  const year = d.getUTCFullYear();
  return `${String(year).padStart(4, "0")}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
}

/** The half-open instant range [start, end) of a month key, or null when the key is not one. */
export function monthRange(month: string): { start: number; end: number } | null {
  const m = MONTH.exec(month);
  if (!m) return null;
  const year = Number(m[1]);
  const index = Number(m[2]) - 1;
  if (year < 1) return null;
  const start = new Date(0);
  start.setUTCFullYear(year, index, 1);
  const end = new Date(0);
  end.setUTCFullYear(year, index + 1, 1);
  return { start: start.getTime(), end: end.getTime() };
}

/** A month is closed once it has ended: its archive only changes when one of its articles is edited. */
export function isClosedMonth(month: string, now: number): boolean {
  const range = monthRange(month);
  return range !== null && range.end <= now;
}
