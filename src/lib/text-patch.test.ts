import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyTextPatch, TextPatchMismatch, textPatch } from "./text-patch";

describe("textPatch", () => {
  it("rebuilds the other text exactly, whatever the two texts are", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), fc.string({ unit: "grapheme" }), (from, to) => {
        expect(applyTextPatch(from, textPatch(from, to))).toBe(to);
      }),
    );
  });

  it("stores one changed sentence of a long Chinese body as that sentence, not the body", () => {
    const body = `<p>${"城市更新项目稳步推进，".repeat(300)}</p>`;
    const edited = body.replace("稳步推进", "全面提速");
    const patch = textPatch(edited, body);
    expect(applyTextPatch(edited, patch)).toBe(body);
    expect(JSON.stringify(patch).length).toBeLessThan(40);
  });

  it("refuses a patch that does not fit its text instead of inventing one", () => {
    expect(() => applyTextPatch("短", [5])).toThrow(TextPatchMismatch);
    expect(() => applyTextPatch("短", [-5])).toThrow(TextPatchMismatch);
  });
});
