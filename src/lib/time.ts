// Instants are stored as UTC milliseconds plus the writer's offset in minutes; these helpers convert.

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;
const FULL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface ParsedInstant {
  ms: number;
  offsetMinutes: number;
}

/** Parses an RFC 3339 date-time that carries an offset; returns null for anything invalid or ambiguous. */
export function parseRfc3339(value: string): ParsedInstant | null {
  const m = RFC3339.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac, zulu, sign, oh, om] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (!isValidDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return null;
  let offsetMinutes = 0;
  if (!zulu) {
    const offH = Number(oh);
    const offM = Number(om);
    if (offH > 23 || offM > 59) return null;
    offsetMinutes = (sign === "-" ? -1 : 1) * (offH * 60 + offM);
  }
  const millis = frac ? Number(frac.slice(0, 3).padEnd(3, "0")) : 0;
  const ms = utcMillis(year, month, day, hour, minute, second, millis) - offsetMinutes * 60_000;
  return { ms, offsetMinutes };
}

// Date.UTC reads years 0–99 as 1900–1999; setUTCFullYear takes every year literally.
function utcMillis(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, millis = 0) {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, millis);
  return date.getTime();
}

export function isValidFullDate(value: string): boolean {
  const m = FULL_DATE.exec(value);
  return m !== null && isValidDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

function isValidDate(year: number, month: number, day: number): boolean {
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(utcMillis(year, month + 1, 0)).getUTCDate();
  return day <= daysInMonth;
}

/** Parses "+08:00" / "-05:30" / "Z" into minutes east of UTC. */
export function parseOffset(value: string): number | null {
  if (value === "Z" || value === "z") return 0;
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(value);
  if (!m) return null;
  return (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

const DAY_MS = 86_400_000;
// Day numbers of 0001-01-01 and 9999-12-31 from the epoch: four-digit years, the only ones toISOString
// writes without a sign.
const FIRST_FOUR_DIGIT_DAY = -719_162;
const LAST_FOUR_DIGIT_DAY = 2_932_896;

/** RFC 3339 in the given offset: 2020-12-09T09:50:37+08:00 (milliseconds only when non-zero). */
export function formatRfc3339(ms: number, offsetMinutes = 0): string {
  const local = ms + offsetMinutes * 60_000;
  const day = Math.floor(local / DAY_MS);
  // A sitemap writes thousands of these: arithmetic costs a tenth of a Date and its ISO string.
  if (!Number.isSafeInteger(local) || day < FIRST_FOUR_DIGIT_DAY || day > LAST_FOUR_DIGIT_DAY) {
    return formatRfc3339ViaDate(local, offsetMinutes);
  }
  const { year, month, dayOfMonth } = civilFromDays(day);
  const inDay = local - day * DAY_MS;
  const millis = inDay % 1000;
  const seconds = Math.floor(inDay / 1000);
  const fraction = millis === 0 ? "" : `.${String(millis).padStart(3, "0")}`;
  const yearText = year >= 1000 ? String(year) : String(year).padStart(4, "0");
  return (
    `${yearText}-${TWO_DIGITS[month]}-${TWO_DIGITS[dayOfMonth]}T${TWO_DIGITS[Math.floor(seconds / 3600)]}:` +
    `${TWO_DIGITS[Math.floor(seconds / 60) % 60]}:${TWO_DIGITS[seconds % 60]}${fraction}${formatOffset(offsetMinutes)}`
  );
}

const TWO_DIGITS = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, "0"));

function formatRfc3339ViaDate(local: number, offsetMinutes: number): string {
  const date = new Date(local);
  const millis = date.getUTCMilliseconds();
  const fraction = millis === 0 ? "" : `.${String(millis).padStart(3, "0")}`;
  return `${date.toISOString().slice(0, 19)}${fraction}${formatOffset(offsetMinutes)}`;
}

/** The proleptic Gregorian date of a day number from 1970-01-01 (H. Hinnant's civil_from_days). */
function civilFromDays(days: number): { year: number; month: number; dayOfMonth: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  return {
    year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0),
    month,
    dayOfMonth: dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1,
  };
}

export function formatOffset(offsetMinutes: number): string {
  if (offsetMinutes === 0) return "Z";
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  return `${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

/** Local wall-clock parts of an instant in a fixed offset, for human-readable page dates. */
export function localParts(ms: number, offsetMinutes: number) {
  const d = new Date(ms + offsetMinutes * 60_000);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

export function pad2(n: number): string {
  return String(n).padStart(2, "0");
}
