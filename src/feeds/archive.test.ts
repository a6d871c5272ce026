import { describe, expect, it } from "vitest";
import {
  isClosedMonth,
  leafKeyOf,
  monthOf,
  monthRange,
  type PeriodCounts,
  parsePeriod,
  periodRole,
} from "./archive";

describe("monthly archive keys", () => {
  it("buckets instants by UTC month", () => {
    expect(monthOf(Date.UTC(2020, 11, 31, 23, 59, 59, 999))).toBe("2020-12");
    expect(monthOf(Date.UTC(2021, 0, 1))).toBe("2021-01");
    // 2020-12-01T05:00+08:00 is still November in UTC.
    expect(monthOf(Date.parse("2020-12-01T05:00:00+08:00"))).toBe("2020-11");
  });

  it("gives half-open ranges, including across a year end and for early years", () => {
    expect(monthRange("2020-12")).toEqual({ start: Date.UTC(2020, 11, 1), end: Date.UTC(2021, 0, 1) });
    const early = monthRange("0099-02");
    expect(early && new Date(early.start).toISOString()).toBe("0099-02-01T00:00:00.000Z");
    expect(early && monthOf(early.end - 1)).toBe("0099-02");
  });

  it("rejects anything that is not a month", () => {
    for (const bad of ["2020-13", "2020-00", "2020-1", "20201", "0000-01", "2020-12-01", "x"]) {
      expect(monthRange(bad)).toBeNull();
    }
  });

  it("knows when a month has ended", () => {
    expect(isClosedMonth("2020-12", Date.UTC(2021, 0, 1))).toBe(true);
    expect(isClosedMonth("2020-12", Date.UTC(2020, 11, 31, 23))).toBe(false);
  });
});

describe("split archive periods", () => {
  it("parse weeks that never cross the month, days and day pages", () => {
    expect(parsePeriod("2021-02-w4")?.range).toEqual({
      start: Date.UTC(2021, 1, 22),
      end: Date.UTC(2021, 2, 1),
    });
    expect(parsePeriod("2021-02-w5")).toBeNull();
    expect(parsePeriod("2020-02-w5")?.range).toEqual({
      start: Date.UTC(2020, 1, 29),
      end: Date.UTC(2020, 2, 1),
    });
    expect(parsePeriod("2020-12-w5")?.range).toEqual({
      start: Date.UTC(2020, 11, 29),
      end: Date.UTC(2021, 0, 1),
    });
    expect(parsePeriod("2020-12-31")?.range).toEqual({
      start: Date.UTC(2020, 11, 31),
      end: Date.UTC(2021, 0, 1),
    });
    expect(parsePeriod("2020-12-09-p12")).toMatchObject({ level: "page", page: 12 });
    for (const bad of [
      "2020-04-31",
      "2020-12-w0",
      "2020-12-w6",
      "2020-12-9",
      "2020-12-09-p0",
      "2020-12-09-p01",
      "2020-12-w1-p1",
    ]) {
      expect(parsePeriod(bad), bad).toBeNull();
    }
  });

  const counts = (month: number, week = 0, day = 0, dayBefore = 0): PeriodCounts => ({
    month,
    week,
    day,
    dayBefore,
  });
  const at = Date.UTC(2020, 11, 9, 6);

  it("put an article in its month, week, day or day page by the counts of what holds it", () => {
    expect(leafKeyOf(at, counts(10), 10)).toBe("2020-12");
    expect(leafKeyOf(at, counts(11, 10), 10)).toBe("2020-12-w2");
    expect(leafKeyOf(at, counts(11, 11, 10), 10)).toBe("2020-12-09");
    expect(leafKeyOf(at, counts(30, 30, 25, 0), 10)).toBe("2020-12-09-p1");
    expect(leafKeyOf(at, counts(30, 30, 25, 9), 10)).toBe("2020-12-09-p1");
    expect(leafKeyOf(at, counts(30, 30, 25, 10), 10)).toBe("2020-12-09-p2");
    expect(leafKeyOf(at, counts(30, 30, 25, 24), 10)).toBe("2020-12-09-p3");
  });

  it("serve a period as entries, as an index of its parts, or not at all", () => {
    const period = (key: string) => parsePeriod(key) ?? expect.unreachable();
    expect(periodRole(period("2020-12"), counts(0), 10)).toBe("absent");
    expect(periodRole(period("2020-12"), counts(10), 10)).toBe("leaf");
    expect(periodRole(period("2020-12"), counts(11, 3), 10)).toBe("index");
    expect(periodRole(period("2020-12-w2"), counts(10, 10), 10)).toBe("absent");
    expect(periodRole(period("2020-12-w2"), counts(11, 10), 10)).toBe("leaf");
    expect(periodRole(period("2020-12-w2"), counts(11, 0), 10)).toBe("absent");
    expect(periodRole(period("2020-12-09"), counts(11, 11, 11), 10)).toBe("index");
    expect(periodRole(period("2020-12-09-p2"), counts(11, 11, 10), 10)).toBe("absent");
    expect(periodRole(period("2020-12-09-p2"), counts(21, 21, 20), 10)).toBe("leaf");
    expect(periodRole(period("2020-12-09-p3"), counts(21, 21, 20), 10)).toBe("absent");
  });
});
