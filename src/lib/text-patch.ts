// A compact, exact edit script from one text to another, for storing a revision as the difference
// from its successor. Built on text-diff (lines, then code points); whatever that diff coarsens
// past its limits is still spelled out exactly, only longer.
import { diffText } from "./text-diff";

/**
 * Applied left to right over the source text: a positive number copies that many UTF-16 code units,
 * a negative number skips that many, a string is inserted.
 */
export type TextPatch = (number | string)[];

export function textPatch(from: string, to: string): TextPatch {
  const patch: TextPatch = [];
  for (const segment of diffText(from, to)) {
    if (segment.kind === "equal") patch.push(segment.text.length);
    else if (segment.kind === "removed") patch.push(-segment.text.length);
    else patch.push(segment.text);
  }
  // A trailing copy is implied: the rest of the source.
  if (typeof patch.at(-1) === "number" && (patch.at(-1) as number) > 0) patch.pop();
  return patch;
}

export class TextPatchMismatch extends Error {}

export function applyTextPatch(from: string, patch: TextPatch): string {
  let at = 0;
  let out = "";
  for (const op of patch) {
    if (typeof op === "string") out += op;
    else if (op > 0) {
      if (at + op > from.length) throw new TextPatchMismatch("patch copies past the end of its text");
      out += from.slice(at, at + op);
      at += op;
    } else {
      if (at - op > from.length) throw new TextPatchMismatch("patch skips past the end of its text");
      at -= op;
    }
  }
  return out + from.slice(at);
}
