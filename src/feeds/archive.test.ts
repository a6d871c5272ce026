import { describe, expect, it } from "vitest";
import { isClosedMonth, monthOf, monthRange } from "./archive";

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
