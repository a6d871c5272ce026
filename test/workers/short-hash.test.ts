import { describe, expect, it } from "vitest";
import { shortHash } from "../../src/lib/short-hash";

// shortHash makes its UTF-8 bytes inline; every ETag, cache tag and render key depends on it giving
// exactly FNV-1a over TextEncoder's bytes, lone surrogates (U+FFFD there) included.
function reference(text: string): string {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, "0");
}

describe("shortHash", () => {
  it("is FNV-1a over the UTF-8 bytes, for every kind of code point", () => {
    const samples = [
      "",
      "feed|/feed.xml|abc123",
      "article|42|k",
      "é ß ¼ \u07ff",
      "\u0800 深度报道 社区 \uffff",
      "😀 𠀋 \u{10ffff}",
      "lone \ud800 high",
      "lone \udc00 low",
      "reversed \udc00\ud800",
      "ends high \ud83d",
    ];
    for (const text of samples) expect(shortHash(text), JSON.stringify(text)).toBe(reference(text));
  });

  it("agrees with the reference on random strings of any UTF-16 units", () => {
    let seed = 7;
    const next = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed;
    };
    for (let n = 0; n < 2000; n++) {
      const units = Array.from({ length: next() % 24 }, () => {
        const pick = next() % 4;
        if (pick === 0) return next() % 0x80;
        if (pick === 1) return 0xd800 + (next() % 0x800);
        return next() % 0x10000;
      });
      const text = String.fromCharCode(...units);
      expect(shortHash(text)).toBe(reference(text));
    }
  });
});
