// Feed dates (RFC 822 in RSS, ISO 8601 / RFC 3339 elsewhere, and the offset-less
// "2018-09-18 14:38:10" many Chinese feeds use) → RFC 3339 with the source's offset kept.

const ZONES: Record<string, string> = {
  UT: "Z",
  UTC: "Z",
  GMT: "Z",
  Z: "Z",
  EST: "-05:00",
  EDT: "-04:00",
  CST: "-06:00",
  CDT: "-05:00",
  MST: "-07:00",
  MDT: "-06:00",
  PST: "-08:00",
  PDT: "-07:00",
};
const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const ISO_LIKE =
  /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;
const RFC_822 =
  /^(?:[A-Za-z]{3},\s*)?(\d{1,2})\s+([A-Za-z]{3})[a-z]*\s+(\d{2,4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([+-]\d{4}|[A-Za-z]{1,3})?$/;

/**
 * A UTC offset as given on the command line or in SITE_UTC_OFFSET ("+08:00", "+0800", "+8", "Z",
 * "UTC") → "+08:00" / "Z"; null when it is not one.
 */
export function normalizeOffset(value: string | undefined | null): string | null {
  const s = String(value ?? "").trim();
  if (/^(?:Z|UTC|GMT)$/i.test(s)) return "Z";
  const m = /^([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(s);
  if (!m || Number(m[2]) > 14 || Number(m[3] ?? 0) > 59) return null;
  const hh = (m[2] ?? "").padStart(2, "0");
  const mm = m[3] ?? "00";
  return hh === "00" && mm === "00" ? "Z" : `${m[1]}${hh}:${mm}`;
}

export interface FeedDate {
  rfc3339: string;
  /** The date carried no offset, so `sourceOffset` was assumed. */
  offsetAssumed: boolean;
}

/** `sourceOffset`: the normalized offset for dates that carry none. */
export function readFeedDate(value: unknown, sourceOffset: string): FeedDate | undefined {
  if (!value) return undefined;
  const s = String(value).trim();
  const p = (n: string | number | undefined) => String(n).padStart(2, "0");
  const iso = ISO_LIKE.exec(s);
  if (iso) {
    const [, y, mo, d, h = "0", mi = "00", sec = "00", zone] = iso;
    return stamp(`${y}-${p(mo)}-${p(d)}T${p(h)}:${mi}:${sec}`, zone, sourceOffset);
  }
  const rfc = RFC_822.exec(s);
  if (rfc) {
    const month = MONTHS.indexOf((rfc[2] ?? "").toLowerCase()) + 1;
    let year = Number(rfc[3]);
    if (year < 100) year += year < 50 ? 2000 : 1900;
    if (month > 0) {
      const local = `${year}-${p(month)}-${p(rfc[1])}T${p(rfc[4])}:${rfc[5]}:${rfc[6] ?? "00"}`;
      return stamp(local, rfc[7], sourceOffset);
    }
  }
  const ms = Date.parse(s);
  if (Number.isNaN(ms)) return undefined;
  return { rfc3339: new Date(ms).toISOString().replace(".000Z", "Z"), offsetAssumed: false };
}

function stamp(local: string, zone: string | undefined, sourceOffset: string): FeedDate {
  if (!zone) return { rfc3339: `${local}${sourceOffset}`, offsetAssumed: true };
  return { rfc3339: `${local}${offsetOf(zone)}`, offsetAssumed: false };
}

function offsetOf(zone: string): string {
  const upper = zone.toUpperCase();
  return ZONES[upper] ?? normalizeOffset(upper) ?? "Z";
}
