// Feed bytes → text. The encoding comes from, in this order: a byte order mark, the HTTP charset, the
// XML declaration; undeclared input is UTF-8, or windows-1252 (the WHATWG reading of Latin-1) when it is
// not valid UTF-8. Decoding is fatal: a feed that does not decode cleanly is refused, so no U+FFFD
// reaches the site unless the source itself contained one.
import { TextDecoder } from "node:util";

export class EncodingError extends Error {}

const BOMS = [
  { bytes: [0xef, 0xbb, 0xbf], encoding: "utf-8" },
  { bytes: [0xff, 0xfe], encoding: "utf-16le" },
  { bytes: [0xfe, 0xff], encoding: "utf-16be" },
];
// An XML declaration in UTF-16 without a BOM ("<?" as two-byte units), XML 1.0 appendix F.
const UTF16_SNIFF = [
  { bytes: [0x3c, 0x00, 0x3f, 0x00], encoding: "utf-16le" },
  { bytes: [0x00, 0x3c, 0x00, 0x3f], encoding: "utf-16be" },
];
// Node 20's TextDecoder decodes windows-1252 (and so every Latin-1 label) as ISO-8859-1, leaving
// 0x80–0x9F as C1 controls; WHATWG maps them to these (five stay as they are).
const WINDOWS_1252_C1 =
  "\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f" +
  "\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178";
const DECLARATION = /^\s*<\?xml\s[^>]*?\bencoding\s*=\s*["']([A-Za-z][A-Za-z0-9._:-]*)["']/;

/** `encoding` is the WHATWG name actually used (gb2312 → gbk), `from` says why it was chosen. */
export interface DecodedFeed {
  text: string;
  encoding: string;
  from: string;
}

/** `charset`: the Content-Type charset parameter, if any. */
export function decodeFeed(
  bytes: Uint8Array,
  { charset = null }: { charset?: string | null } = {},
): DecodedFeed {
  const bom = BOMS.find((b) => startsWith(bytes, b.bytes));
  if (bom) return decodeAs(bytes.subarray(bom.bytes.length), bom.encoding, "byte order mark");
  const sniffed = UTF16_SNIFF.find((b) => startsWith(bytes, b.bytes));
  if (sniffed) return decodeAs(bytes, sniffed.encoding, "UTF-16 XML declaration");

  const declared = declaredEncoding(bytes);
  // RFC 7303: the HTTP charset wins. Servers often label every file with one default charset,
  // so a declaration that disagrees gets its turn when the HTTP charset does not decode.
  const candidates = [
    charset ? { label: charset, from: `HTTP charset "${charset}"` } : null,
    declared ? { label: declared, from: `XML declaration "${declared}"` } : null,
  ].filter((c) => c !== null);
  let firstFailure: EncodingError | null = null;
  for (const { label, from } of candidates) {
    try {
      return decodeAs(bytes, label, from);
    } catch (err) {
      if (!(err instanceof EncodingError)) throw err;
      firstFailure ??= err;
    }
  }
  if (firstFailure) throw firstFailure;
  try {
    return decodeAs(bytes, "utf-8", "no declaration");
  } catch {
    return decodeAs(bytes, "windows-1252", "no declaration, not valid UTF-8");
  }
}

/** The Content-Type's charset parameter, or null. */
export function charsetOf(contentType: string | null | undefined): string | null {
  const m = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? "");
  return m?.[1] ?? null;
}

function declaredEncoding(bytes: Uint8Array): string | null {
  const head = new TextDecoder("windows-1252").decode(bytes.subarray(0, 512));
  const label = DECLARATION.exec(head)?.[1] ?? null;
  // The declaration was readable as ASCII, so the document is not UTF-16, whatever it says
  // (a file converted to UTF-8 that kept its old declaration); browsers read it as UTF-8 too.
  return label && /^utf-?16/i.test(label) ? "utf-8" : label;
}

function decodeAs(bytes: Uint8Array, label: string, from: string): DecodedFeed {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label.trim(), { fatal: true, ignoreBOM: true });
  } catch {
    throw new EncodingError(`unsupported encoding "${label}" (${from})`);
  }
  try {
    const text = decoder.decode(bytes);
    return {
      text: decoder.encoding === "windows-1252" ? fixC1(text) : text,
      encoding: decoder.encoding,
      from,
    };
  } catch {
    const at = firstInvalidByte(bytes, decoder.encoding);
    const line = bytes.subarray(0, at).filter((b) => b === 0x0a).length + 1;
    const shown = [...bytes.subarray(at, at + 4)].map((b) => b.toString(16).padStart(2, "0")).join(" ");
    throw new EncodingError(
      `not valid ${decoder.encoding} (${from}): undecodable bytes ${shown} at byte ${at}, line ${line}; ` +
        "refusing to import text that would be stored as U+FFFD",
    );
  }
}

/** Smallest prefix length that no longer decodes: invalidity is monotonic in the prefix. */
function firstInvalidByte(bytes: Uint8Array, encoding: string): number {
  let good = 0;
  let bad = bytes.length;
  while (bad - good > 1) {
    const mid = (good + bad) >>> 1;
    try {
      new TextDecoder(encoding, { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
      good = mid;
    } catch {
      bad = mid;
    }
  }
  return good;
}

function fixC1(text: string): string {
  return text.replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252_C1[c.charCodeAt(0) - 0x80] ?? c);
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}
