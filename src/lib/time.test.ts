import { describe, expect, it } from "vitest";
import { formatRfc3339 } from "./time";

// formatRfc3339 computes the calendar date itself; Date's ISO string is the reference.
function viaDate(ms: number, offsetMinutes: number): string {
  const local = new Date(ms + offsetMinutes * 60_000);
  const millis = local.getUTCMilliseconds();
  return `${local.toISOString().slice(0, 19)}${millis === 0 ? "" : `.${String(millis).padStart(3, "0")}`}`;
}

const OFFSETS = [0, 480, -300, 330, 345, -720, 840];
const DAY = 86_400_000;

describe("formatRfc3339", () => {
  it("writes the same date and time as Date's ISO string, over 2,000 years of instants and offsets", () => {
    let seed = 20201209;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const instants = [
      0,
      -1,
      1,
      DAY - 1,
      DAY,
      951_782_400_000, // 2000-02-29
      4_107_542_400_000, // 2100-02-28
      -2_208_988_800_000, // 1900-01-01
      1_607_478_637_123,
    ];
    for (let i = 0; i < 20_000; i++) instants.push(Math.floor((random() * 2 - 1) * 3.2e13));
    const wrong: string[] = [];
    for (const ms of instants) {
      for (const offset of OFFSETS) {
        const written = formatRfc3339(ms, offset);
        const expected = viaDate(ms, offset);
        const zone = written.slice(expected.length);
        if (!written.startsWith(expected) || !/^(?:Z|[+-]\d{2}:\d{2})$/.test(zone))
          wrong.push(`${ms}@${offset}: ${written}`);
      }
    }
    expect(wrong.slice(0, 5)).toStrictEqual([]);
  });

  it("keeps four-digit years at both ends and leaves the rest to Date", () => {
    expect(formatRfc3339(Date.UTC(2020, 11, 9, 1, 50, 37), 480)).toBe("2020-12-09T09:50:37+08:00");
    expect(formatRfc3339(-62_135_596_800_000)).toBe("0001-01-01T00:00:00Z");
    expect(formatRfc3339(253_402_300_799_999)).toBe("9999-12-31T23:59:59.999Z");
    expect(formatRfc3339(-62_135_596_800_001)).toBe("0000-12-31T23:59:59.999Z");
    // Six-digit years take Date's path, as they always did (its ISO string cut at 19 characters).
    for (const ms of [253_402_300_800_000, -62_167_219_200_001]) {
      expect(formatRfc3339(ms, 60)).toBe(`${viaDate(ms, 60)}+01:00`);
    }
  });
});
