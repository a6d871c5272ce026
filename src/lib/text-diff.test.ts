import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_DIFF_LIMITS, type DiffSegment, diffText, splitLines } from "./text-diff";

const side = (segments: DiffSegment[], kind: "removed" | "added") =>
  segments
    .filter((s) => s.kind === "equal" || s.kind === kind)
    .map((s) => s.text)
    .join("");
const changed = (segments: DiffSegment[]) =>
  segments.filter((s) => s.kind !== "equal").reduce((n, s) => n + Array.from(s.text).length, 0);

describe("diffText", () => {
  it("marks the changed Chinese characters, not the whole sentence", () => {
    const segments = diffText("今天北京天气晴，气温十度。\n", "今天上海天气晴，气温十二度。\n");
    expect(segments).toEqual([
      { kind: "equal", text: "今天" },
      { kind: "removed", text: "北京" },
      { kind: "added", text: "上海" },
      { kind: "equal", text: "天气晴，气温十" },
      { kind: "added", text: "二" },
      { kind: "equal", text: "度。\n" },
    ]);
  });

  it("keeps unchanged lines whole and finds an inserted paragraph", () => {
    const before = "第一段。\n\n第三段。\n";
    const after = "第一段。\n\n第二段是新加的。\n\n第三段。\n";
    const segments = diffText(before, after);
    expect(segments.filter((s) => s.kind === "removed")).toEqual([]);
    expect(segments.filter((s) => s.kind === "added").map((s) => s.text)).toEqual(["第二段是新加的。\n\n"]);
  });

  it("does not split a character outside the Basic Multilingual Plane", () => {
    const segments = diffText("𠀀甲", "𠀁甲");
    expect(segments).toEqual([
      { kind: "removed", text: "𠀀" },
      { kind: "added", text: "𠀁" },
      { kind: "equal", text: "甲" },
    ]);
  });

  it("answers empty and identical inputs plainly", () => {
    expect(diffText("", "")).toEqual([]);
    expect(diffText("a\nb", "a\nb")).toEqual([{ kind: "equal", text: "a\nb" }]);
    expect(diffText("", "新")).toEqual([{ kind: "added", text: "新" }]);
    expect(diffText("旧", "")).toEqual([{ kind: "removed", text: "旧" }]);
  });

  it("always spells both texts back exactly", () => {
    const text = fc.string({ unit: fc.constantFrom("甲", "乙", "丙", "\n", "a", "😀"), maxLength: 60 });
    fc.assert(
      fc.property(text, text, (before, after) => {
        const segments = diffText(before, after);
        expect(side(segments, "removed")).toBe(before);
        expect(side(segments, "added")).toBe(after);
      }),
      { numRuns: 300 },
    );
  });

  it("finds a minimal character edit for small inputs", () => {
    // Myers is exact below the caps: one substituted character is one removal plus one addition.
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }), fc.nat(), (text, at) => {
        const chars = Array.from(text.replaceAll("\n", ""));
        if (chars.length === 0) return;
        const i = at % chars.length;
        const edited = [...chars];
        edited[i] = chars[i] === "X" ? "Y" : "X";
        expect(changed(diffText(chars.join(""), edited.join("")))).toBe(2);
      }),
    );
  });

  it("past the caps, shows the middle as replaced instead of searching further", () => {
    const limits = { ...DEFAULT_DIFF_LIMITS, maxLineEdits: 10 };
    const before = Array.from({ length: 50 }, (_, i) => `旧${i}\n`).join("");
    const after = Array.from({ length: 50 }, (_, i) => `新${i}\n`).join("");
    const segments = diffText(`头\n${before}尾\n`, `头\n${after}尾\n`, { ...limits, maxBlockChars: 10 });
    expect(segments).toEqual([
      { kind: "equal", text: "头\n" },
      { kind: "removed", text: before },
      { kind: "added", text: after },
      { kind: "equal", text: "尾\n" },
    ]);
  });

  it("stays bounded on a large unrelated body: doubling it does not blow up the time", () => {
    const body = (n: number, seed: string) =>
      Array.from({ length: n }, (_, i) => `${seed}${(i * 7919) % 10007}段落内容\n`).join("");
    const time = (n: number) => {
      const before = body(n, "甲");
      const after = body(n, "乙");
      const started = performance.now();
      const segments = diffText(before, after);
      const elapsed = performance.now() - started;
      expect(side(segments, "removed")).toBe(before);
      expect(side(segments, "added")).toBe(after);
      return elapsed;
    };
    time(500);
    const small = Math.max(time(4000), 1);
    const large = time(8000);
    // Unbounded Myers would be quadratic here (×4 and far more in absolute terms); allow noise.
    expect(large / small).toBeLessThan(6);
  });
});

describe("splitLines", () => {
  it("keeps each line's newline so the pieces join back", () => {
    expect(splitLines("a\n\nb")).toEqual(["a\n", "\n", "b"]);
    expect(splitLines("")).toEqual([]);
  });
});
