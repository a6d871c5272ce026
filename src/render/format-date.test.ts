import { describe, expect, it } from "vitest";
import { dateStyleFor, formatCalendarDate, formatDateTime, gmtOffsetLabel } from "./format-date";

// 2020-12-09T09:50:37+08:00
const SAMPLE = Date.UTC(2020, 11, 9, 1, 50, 37);

describe("formatDateTime", () => {
  it("writes a zh-CN article's Beijing time the Chinese way, without a zone", () => {
    expect(formatDateTime(SAMPLE, 480, "zh-CN")).toBe("2020年12月09日 09:50");
  });

  it("names the offset of a Chinese article published outside Beijing time", () => {
    expect(formatDateTime(SAMPLE, -300, "zh-CN")).toBe("2020年12月08日 20:50（GMT-5）");
  });

  it("writes English dates with a 12-hour clock and the GMT offset", () => {
    expect(formatDateTime(SAMPLE, 480, "en")).toBe("December 9, 2020, 9:50 AM GMT+8");
    expect(formatDateTime(Date.UTC(2020, 11, 10, 23, 30), -300, "en-US")).toBe(
      "December 10, 2020, 6:30 PM GMT-5",
    );
  });

  it("shows midnight and noon as 12 AM and 12 PM", () => {
    expect(formatDateTime(Date.UTC(2021, 0, 1, 0, 5), 0, "en")).toBe("January 1, 2021, 12:05 AM GMT");
    expect(formatDateTime(Date.UTC(2021, 0, 1, 12, 0), 0, "en")).toBe("January 1, 2021, 12:00 PM GMT");
  });

  it("crosses the date line in the article's offset, not the server's", () => {
    expect(formatDateTime(Date.UTC(2020, 11, 31, 20, 0), 330, "en")).toBe(
      "January 1, 2021, 1:30 AM GMT+5:30",
    );
  });
});

describe("helpers", () => {
  it("picks the Chinese style for every zh tag and English for the rest", () => {
    expect(dateStyleFor("zh")).toBe("zh");
    expect(dateStyleFor("zh-Hant-TW")).toBe("zh");
    expect(dateStyleFor("zha")).toBe("en");
    expect(dateStyleFor("fr")).toBe("en");
  });

  it("labels offsets", () => {
    expect(gmtOffsetLabel(0)).toBe("GMT");
    expect(gmtOffsetLabel(-570)).toBe("GMT-9:30");
  });

  it("formats print-edition calendar dates", () => {
    expect(formatCalendarDate("2020-12-07", "zh-CN")).toBe("2020年12月07日");
    expect(formatCalendarDate("2020-12-07", "en")).toBe("December 7, 2020");
  });
});
