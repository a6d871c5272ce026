import { localParts, pad2 } from "../lib/time";

// Human dates in the article's own offset: the wall-clock time its editor published at, not the reader's.

export type DateStyle = "zh" | "en";

const EN_MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

const BEIJING_OFFSET = 8 * 60;

export function dateStyleFor(language: string): DateStyle {
  return /^zh(?:-|$)/i.test(language) ? "zh" : "en";
}

/** "GMT+8", "GMT-5", "GMT+5:30", "GMT". */
export function gmtOffsetLabel(offsetMinutes: number): string {
  if (offsetMinutes === 0) return "GMT";
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  const minutes = abs % 60;
  return `GMT${sign}${Math.floor(abs / 60)}${minutes === 0 ? "" : `:${pad2(minutes)}`}`;
}

/** zh: "2020年12月09日 09:50" (Beijing time implied; other offsets named). en: "December 9, 2020, 9:50 AM GMT+8". */
export function formatDateTime(ms: number, offsetMinutes: number, language: string): string {
  const p = localParts(ms, offsetMinutes);
  if (dateStyleFor(language) === "zh") {
    const zone = offsetMinutes === BEIJING_OFFSET ? "" : `（${gmtOffsetLabel(offsetMinutes)}）`;
    return `${p.year}年${pad2(p.month)}月${pad2(p.day)}日 ${pad2(p.hour)}:${pad2(p.minute)}${zone}`;
  }
  const hour12 = p.hour % 12 === 0 ? 12 : p.hour % 12;
  const meridiem = p.hour < 12 ? "AM" : "PM";
  return `${EN_MONTHS[p.month - 1]} ${p.day}, ${p.year}, ${hour12}:${pad2(p.minute)} ${meridiem} ${gmtOffsetLabel(offsetMinutes)}`;
}

/** A calendar date, e.g. a print edition's "2020-12-07": zh "2020年12月07日", en "December 7, 2020". */
export function formatCalendarDate(isoDate: string, language: string): string {
  const [year, month, day] = isoDate.split("-").map(Number);
  if (!year || !month || !day) return isoDate;
  return dateStyleFor(language) === "zh"
    ? `${year}年${pad2(month)}月${pad2(day)}日`
    : `${EN_MONTHS[month - 1]} ${day}, ${year}`;
}
