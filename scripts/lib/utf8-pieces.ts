// UTF-8 sizes and code-point-safe splitting, for keeping SQL statements under D1's size limit.

function codePointBytes(cp: number): number {
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

export function utf8Length(text: string): number {
  let n = 0;
  for (const ch of text) n += codePointBytes(ch.codePointAt(0) ?? 0);
  return n;
}

/** Splits on code point boundaries into pieces of at most maxBytes UTF-8 bytes. */
export function splitUtf8(text: string, maxBytes: number): string[] {
  if (text.length * 3 <= maxBytes) return [text];
  const pieces: string[] = [];
  let current = "";
  let size = 0;
  for (const ch of text) {
    const n = codePointBytes(ch.codePointAt(0) ?? 0);
    if (size + n > maxBytes) {
      pieces.push(current);
      current = "";
      size = 0;
    }
    current += ch;
    size += n;
  }
  pieces.push(current);
  return pieces;
}
