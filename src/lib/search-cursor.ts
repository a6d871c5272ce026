import { problem } from "./problem";

/** Position in a ranked search: the last hit of the previous page (phrase tier, score, id). */
export interface SearchPosition {
  tier: number;
  score: number;
  id: number;
}

// Scores are doubles; String() and Number() round-trip them exactly, so the next page starts
// strictly after the last hit the reader saw.
export function encodeSearchCursor(position: SearchPosition): string {
  return btoa(`s1.${position.tier}.${position.score}.${position.id}`).replaceAll("=", "");
}

export function decodeSearchCursor(cursor: string | undefined, parameter = "cursor"): SearchPosition | null {
  if (cursor === undefined || cursor === "") return null;
  let decoded = "";
  try {
    decoded = /^[A-Za-z0-9+/]{1,96}$/.test(cursor) ? atob(cursor) : "";
  } catch {
    decoded = "";
  }
  const m = /^s1\.([01])\.(-?\d{1,6}(?:\.\d{1,20})?(?:e-?\d{1,3})?)\.(\d{1,15})$/.exec(decoded);
  const score = Number(m?.[2]);
  if (!m || !Number.isFinite(score)) {
    throw problem({
      status: 400,
      type: "bad-request",
      title: "Invalid cursor",
      detail: `The ${parameter} parameter is not a search cursor this server issued.`,
      errors: [{ pointer: `/${parameter}`, detail: "is not a valid search cursor" }],
    });
  }
  return { tier: Number(m[1]), score, id: Number(m[3]) };
}
