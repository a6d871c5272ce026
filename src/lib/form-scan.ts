// Cheap looks at raw form bodies (application/x-www-form-urlencoded, multipart/form-data) that
// need no parse: finding the access_token field and counting fields before anything is built.

export type FormEncoding =
  | { kind: "urlencoded" }
  | {
      kind: "multipart";
      /** The delimiter line, "--" + boundary (RFC 2046 §5.1.1). */
      delimiter: string;
    };

export type TokenScan = { state: "found"; token: string } | { state: "absent" } | { state: "more" };

const TOKEN_FIELD = "access_token";

/** The form encoding a Content-Type names, or null (not a form, or multipart without a usable boundary). */
export function formEncoding(contentType: string): FormEncoding | null {
  const type = contentType.split(";")[0]?.trim().toLowerCase();
  if (type === "application/x-www-form-urlencoded") return { kind: "urlencoded" };
  if (type !== "multipart/form-data") return null;
  const boundary = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;"]{1,70}))/i.exec(contentType);
  const value = boundary?.[1] ?? boundary?.[2];
  return value ? { kind: "multipart", delimiter: `--${value}` } : null;
}

/**
 * Looks for a complete access_token field in the first bytes of a form body. "more" means the
 * bytes so far neither contain one nor rule one out; `complete` says the body has ended.
 */
export function scanForToken(bytes: Uint8Array, encoding: FormEncoding, complete: boolean): TokenScan {
  const text = new TextDecoder().decode(bytes);
  return encoding.kind === "urlencoded"
    ? scanUrlencoded(text, complete)
    : scanMultipart(text, encoding.delimiter, complete);
}

function scanUrlencoded(text: string, complete: boolean): TokenScan {
  const pairs = text.split("&");
  // The last pair may still be arriving: only a finished body vouches for it.
  const settled = complete ? pairs : pairs.slice(0, -1);
  for (const pair of settled) {
    const eq = pair.indexOf("=");
    if (eq >= 0 && decodeComponent(pair.slice(0, eq)) === TOKEN_FIELD) {
      return { state: "found", token: decodeComponent(pair.slice(eq + 1)) };
    }
  }
  return complete ? { state: "absent" } : { state: "more" };
}

function scanMultipart(text: string, delimiter: string, complete: boolean): TokenScan {
  let start = text.indexOf(delimiter);
  while (start >= 0) {
    const partStart = start + delimiter.length;
    if (text.startsWith("--", partStart)) return { state: "absent" }; // the closing delimiter
    const next = text.indexOf(`\r\n${delimiter}`, partStart);
    if (next < 0) break;
    const part = text.slice(partStart, next);
    const headerEnd = part.indexOf("\r\n\r\n");
    const headers = headerEnd >= 0 ? part.slice(0, headerEnd) : "";
    const disposition = /^content-disposition:([^\r\n]*)$/im.exec(headers)?.[1] ?? "";
    if (/;\s*name="access_token"(?:\s*;|\s*$)/i.test(disposition) && !/filename/i.test(disposition)) {
      return { state: "found", token: part.slice(headerEnd + 4) };
    }
    start = next + 2;
  }
  return complete ? { state: "absent" } : { state: "more" };
}

function decodeComponent(value: string): string {
  try {
    return decodeURIComponent(value.replaceAll("+", " "));
  } catch {
    return value;
  }
}

/**
 * An upper bound on the number of fields (urlencoded pairs, multipart parts) in a body, counted on
 * the bytes; stops counting once past `max`, so a hostile body costs one linear scan at most.
 */
export function countFormFields(bytes: Uint8Array, encoding: FormEncoding, max: number): number {
  if (encoding.kind === "urlencoded") {
    let count = bytes.byteLength > 0 ? 1 : 0;
    for (let i = bytes.indexOf(0x26); i >= 0 && count <= max; i = bytes.indexOf(0x26, i + 1)) count++;
    return count;
  }
  const needle = new TextEncoder().encode(encoding.delimiter);
  const first = needle[0] as number;
  let count = 0;
  let i = bytes.indexOf(first);
  while (i >= 0 && i + needle.byteLength <= bytes.byteLength && count <= max) {
    let j = 1;
    while (j < needle.byteLength && bytes[i + j] === needle[j]) j++;
    if (j === needle.byteLength) {
      // The closing delimiter ("--" after the boundary) starts no part.
      if (!(bytes[i + j] === 0x2d && bytes[i + j + 1] === 0x2d)) count++;
      i = bytes.indexOf(first, i + j);
    } else i = bytes.indexOf(first, i + 1);
  }
  return count;
}
