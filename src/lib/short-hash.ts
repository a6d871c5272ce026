/**
 * FNV-1a (32-bit) over the UTF-8 bytes of `text`, as 8 hex digits: a stable, synchronous fingerprint
 * for cache keys, not for security. The bytes are produced inline (a lone surrogate as U+FFFD, as
 * TextEncoder does): ETags and cache tags hash on every request, and a TextEncoder per call cost more
 * than the hash itself.
 */
export function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  const step = (byte: number) => {
    hash = Math.imul(hash ^ byte, 0x01000193);
  };
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code < 0x80) {
      hash = Math.imul(hash ^ code, 0x01000193);
      continue;
    }
    if (code < 0x800) {
      step(0xc0 | (code >> 6));
      step(0x80 | (code & 0x3f));
      continue;
    }
    if (code >= 0xd800 && code <= 0xdfff) {
      const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
        i++;
        step(0xf0 | (code >> 18));
        step(0x80 | ((code >> 12) & 0x3f));
        step(0x80 | ((code >> 6) & 0x3f));
        step(0x80 | (code & 0x3f));
        continue;
      }
      code = 0xfffd;
    }
    step(0xe0 | (code >> 12));
    step(0x80 | ((code >> 6) & 0x3f));
    step(0x80 | (code & 0x3f));
  }
  return (hash >>> 0).toString(16).padStart(8, "0");
}
