import { problem } from "./problem";

/** The last hit a reader saw inside a window: phrase tier, score, article id. */
export interface RankedPosition {
  tier: number;
  score: number;
  id: number;
}

/**
 * Where the next page of a ranked search starts: inside the window of index matches below
 * `ceiling` (null: the newest window), after `last` (null: at the window's best hit).
 */
export interface SearchPosition {
  ceiling: number | null;
  last: RankedPosition | null;
}

// Scores are doubles; String() and Number() round-trip them exactly, so the next page starts
// strictly after the last hit the reader saw.
export function encodeSearchCursor(position: SearchPosition): string {
  const ceiling = position.ceiling === null ? "n" : String(position.ceiling);
  const { last } = position;
  const tail = last ? `.${last.tier}.${last.score}.${last.id}` : "";
  return btoa(`s2.${ceiling}${tail}`).replaceAll("=", "");
}

const SCORE = String.raw`-?\d{1,6}(?:\.\d{1,20})?(?:e-?\d{1,3})?`;
const CURRENT = new RegExp(String.raw`^s2\.(n|\d{1,15})(?:\.([01])\.(${SCORE})\.(\d{1,15}))?$`);
// Cursors issued before windows existed rank inside the newest window.
const BEFORE_WINDOWS = new RegExp(String.raw`^s1\.([01])\.(${SCORE})\.(\d{1,15})$`);

function parsePosition(decoded: string): SearchPosition | null {
  const current = CURRENT.exec(decoded);
  if (current) {
    const ceiling = current[1] === "n" ? null : Number(current[1]);
    if (current[2] === undefined) return { ceiling, last: null };
    const score = Number(current[3]);
    if (!Number.isFinite(score)) return null;
    return { ceiling, last: { tier: Number(current[2]), score, id: Number(current[4]) } };
  }
  const old = BEFORE_WINDOWS.exec(decoded);
  const score = Number(old?.[2]);
  if (!old || !Number.isFinite(score)) return null;
  return { ceiling: null, last: { tier: Number(old[1]), score, id: Number(old[3]) } };
}

export function decodeSearchCursor(cursor: string | undefined, parameter = "cursor"): SearchPosition | null {
  if (cursor === undefined || cursor === "") return null;
  let decoded = "";
  try {
    decoded = /^[A-Za-z0-9+/]{1,96}$/.test(cursor) ? atob(cursor) : "";
  } catch {
    decoded = "";
  }
  const position = parsePosition(decoded);
  if (!position) {
    throw problem({
      status: 400,
      type: "bad-request",
      title: "Invalid cursor",
      detail: `The ${parameter} parameter is not a search cursor this server issued.`,
      errors: [{ pointer: `/${parameter}`, detail: "is not a valid search cursor" }],
    });
  }
  return position;
}
