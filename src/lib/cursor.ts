import { problem } from "./problem";

/** Keyset position: the last row of the previous page. */
export interface Keyset {
  at: number;
  id: number;
}

// Opaque to clients, but only positions a keyset: a forged cursor can move a page, never widen access.
export function encodeCursor(position: Keyset): string {
  return btoa(`v1.${position.at}.${position.id}`).replaceAll("=", "");
}

export function decodeCursor(cursor: string | undefined, parameter = "cursor"): Keyset | null {
  if (cursor === undefined || cursor === "") return null;
  let decoded = "";
  try {
    decoded = /^[A-Za-z0-9+/]{1,64}$/.test(cursor) ? atob(cursor) : "";
  } catch {
    decoded = "";
  }
  const m = /^v1\.(-?\d{1,16})\.(\d{1,15})$/.exec(decoded);
  // Beyond 2^53 a number no longer names one position; such a cursor was never issued.
  if (!m || !Number.isSafeInteger(Number(m[1]))) {
    throw problem({
      status: 400,
      type: "bad-request",
      title: "Invalid cursor",
      detail: `The ${parameter} parameter is not a cursor this server issued.`,
      errors: [{ pointer: `/${parameter}`, detail: "is not a valid cursor" }],
    });
  }
  return { at: Number(m[1]), id: Number(m[2]) };
}
