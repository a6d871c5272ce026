import { describe, expect, it } from "vitest";
import { serializeJsonLd } from "./json-ld";

describe("serializeJsonLd", () => {
  it("leaves no character that could end or confuse a <script> block", () => {
    const hostile = "</script><script>alert(1)</script><!-- & \u2028\u2029 -->";
    const out = serializeJsonLd({ headline: hostile });
    expect(out).not.toMatch(/[<>&\u2028\u2029]/);
    expect(out).toContain("\\u003c/script\\u003e");
    expect(JSON.parse(out)).toEqual({ headline: hostile });
  });

  it("drops undefined members like JSON.stringify", () => {
    expect(serializeJsonLd({ a: 1, b: undefined, c: ["x"] })).toBe('{"a":1,"c":["x"]}');
  });
});
