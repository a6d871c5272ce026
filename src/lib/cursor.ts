import { problem } from "./problem";

/** Keyset position: the last row of the previous page. */
export interface Keyset {
  at: number;
  id: number;
}

/**
 * A feed page's place: the items older than a position (newest first, the `next` links), or the
 * items just newer than one (a `previous` link: named without reading the newer page, RFC 5005 §3
 * promises no stable page boundaries).
 */
export type PageCursor = { before: Keyset } | { after: Keyset };

const OLDER = "v1";
const NEWER = "n1";

const encoded = (prefix: string, position: Keyset) =>
  btoa(`${prefix}.${position.at}.${position.id}`).replaceAll("=", "");

// Opaque to clients, but only positions a keyset: a forged cursor can move a page, never widen access.
export function encodeCursor(position: Keyset): string {
  return encoded(OLDER, position);
}

export function encodePageCursor(cursor: PageCursor): string {
  return "after" in cursor ? encoded(NEWER, cursor.after) : encoded(OLDER, cursor.before);
}

export function decodeCursor(cursor: string | undefined, parameter = "cursor"): Keyset | null {
  const decoded = decodePageCursor(cursor, parameter, [OLDER]);
  return decoded && "before" in decoded ? decoded.before : null;
}

/** A feed page's cursor, either direction; 400 problem+json naming `parameter` for anything else. */
export function decodePageCursor(
  cursor: string | undefined,
  parameter = "cursor",
  prefixes: readonly string[] = [OLDER, NEWER],
): PageCursor | null {
  if (cursor === undefined || cursor === "") return null;
  let decoded = "";
  try {
    decoded = /^[A-Za-z0-9+/]{1,64}$/.test(cursor) ? atob(cursor) : "";
  } catch {
    decoded = "";
  }
  const m = /^([a-z]\d)\.(-?\d{1,16})\.(\d{1,15})$/.exec(decoded);
  // Beyond 2^53 a number no longer names one position; such a cursor was never issued.
  if (!m || !prefixes.includes(m[1] ?? "") || !Number.isSafeInteger(Number(m[2]))) {
    throw problem({
      status: 400,
      type: "bad-request",
      title: "Invalid cursor",
      detail: `The ${parameter} parameter is not a cursor this server issued.`,
      errors: [{ pointer: `/${parameter}`, detail: "is not a valid cursor" }],
    });
  }
  const position = { at: Number(m[2]), id: Number(m[3]) };
  return m[1] === NEWER ? { after: position } : { before: position };
}
