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

/** RFC 3339 in the given offset: 2020-12-09T09:50:37+08:00 (milliseconds only when non-zero). */
export function formatRfc3339(ms: number, offsetMinutes = 0): string {
  const local = new Date(ms + offsetMinutes * 60_000);
  const base = local.toISOString().slice(0, 19);
  const millis = local.getUTCMilliseconds();
  const fraction = millis === 0 ? "" : `.${String(millis).padStart(3, "0")}`;
  return `${base}${fraction}${formatOffset(offsetMinutes)}`;
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
