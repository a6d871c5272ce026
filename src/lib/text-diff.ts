// A small text diff for the desk: lines first, then characters inside each changed block. A word
// diff is useless for Chinese (no spaces), so the fine level is the code point. Both levels use
// Myers' O((N+M)·D) algorithm with a cap on D, and past the cap a block is shown as replaced whole:
// the answer stays correct, only coarser, and the cost of a huge or unrelated body stays bounded.

export type DiffKind = "equal" | "removed" | "added";

export interface DiffSegment {
  kind: DiffKind;
  text: string;
}

export interface DiffLimits {
  /** Most line edits searched for before the whole middle is shown as replaced. */
  maxLineEdits: number;
  /** Most character edits searched for inside one changed block. */
  maxCharEdits: number;
  /** Blocks longer than this (in code points, either side) are not diffed by character. */
  maxBlockChars: number;
  /** Code points diffed by character over the whole text; later blocks are shown as replaced. */
  charBudget: number;
}

export const DEFAULT_DIFF_LIMITS: DiffLimits = {
  maxLineEdits: 1000,
  maxCharEdits: 400,
  maxBlockChars: 8000,
  charBudget: 200_000,
};

/** How `before` became `after`: the equal and removed parts spell `before`, equal and added `after`. */
export function diffText(before: string, after: string, limits = DEFAULT_DIFF_LIMITS): DiffSegment[] {
  const a = splitLines(before);
  const b = splitLines(after);
  const ids = new Map<string, number>();
  const idOf = (line: string) => {
    let id = ids.get(line);
    if (id === undefined) {
      id = ids.size;
      ids.set(line, id);
    }
    return id;
  };
  const lineOps = diffSequences(a.map(idOf), b.map(idOf), limits.maxLineEdits);
  const out = new SegmentList();
  let budget = limits.charBudget;
  let removed: string[] = [];
  let added: string[] = [];
  const flush = () => {
    if (removed.length === 0 && added.length === 0) return;
    const left = Array.from(removed.join(""));
    const right = Array.from(added.join(""));
    const fine =
      left.length > 0 &&
      right.length > 0 &&
      left.length <= limits.maxBlockChars &&
      right.length <= limits.maxBlockChars &&
      left.length + right.length <= budget;
    if (fine) budget -= left.length + right.length;
    const charOps = fine ? diffSequences(left, right, limits.maxCharEdits) : null;
    if (charOps) {
      for (const op of charOps)
        out.push(op.kind, op.kind === "added" ? (right[op.b] ?? "") : (left[op.a] ?? ""));
    } else {
      out.push("removed", removed.join(""));
      out.push("added", added.join(""));
    }
    removed = [];
    added = [];
  };
  for (const op of lineOps) {
    if (op.kind === "equal") {
      flush();
      out.push("equal", a[op.a] ?? "");
    } else if (op.kind === "removed") removed.push(a[op.a] ?? "");
    else added.push(b[op.b] ?? "");
  }
  flush();
  return out.segments;
}

/** Lines with their own "\n", so joining the pieces gives back the text exactly. */
export function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

interface Op {
  kind: DiffKind;
  /** Index into the first sequence (equal, removed). */
  a: number;
  /** Index into the second sequence (equal, added). */
  b: number;
}

/** Common prefix and suffix are cheap and usually most of an edited body; Myers runs on the middle. */
function diffSequences<T>(a: readonly T[], b: readonly T[], maxEdits: number): Op[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const ops: Op[] = [];
  for (let i = 0; i < start; i++) ops.push({ kind: "equal", a: i, b: i });
  const middle = myers(endA - start, endB - start, (i, j) => a[start + i] === b[start + j], maxEdits);
  if (middle) {
    for (const op of middle) ops.push({ kind: op.kind, a: op.a + start, b: op.b + start });
  } else {
    for (let i = start; i < endA; i++) ops.push({ kind: "removed", a: i, b: -1 });
    for (let j = start; j < endB; j++) ops.push({ kind: "added", a: -1, b: j });
  }
  for (let i = endA, j = endB; i < a.length; i++, j++) ops.push({ kind: "equal", a: i, b: j });
  return ops;
}

/** Myers' greedy shortest edit script; null when it needs more than maxEdits edits. */
function myers(n: number, m: number, same: (i: number, j: number) => boolean, maxEdits: number): Op[] | null {
  const limit = Math.min(maxEdits, n + m);
  const offset = limit + 1;
  const v = new Int32Array(2 * limit + 3);
  // trace[d] holds v for k in [-d-1, d+1] as it was before step d (index k + d + 1).
  const trace: Int32Array[] = [];
  for (let d = 0; d <= limit; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && (v[offset + k - 1] ?? 0) < (v[offset + k + 1] ?? 0));
      let x = down ? (v[offset + k + 1] ?? 0) : (v[offset + k - 1] ?? 0) + 1;
      let y = x - k;
      while (x < n && y < m && same(x, y)) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, n, m);
    }
  }
  return null;
}

function backtrack(trace: Int32Array[], n: number, m: number): Op[] {
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const snap = trace[d] as Int32Array;
    const at = (k: number) => snap[k + d + 1] ?? 0;
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      ops.push({ kind: "equal", a: x, b: y });
    }
    if (d === 0) break;
    if (x === prevX) ops.push({ kind: "added", a: -1, b: prevY });
    else ops.push({ kind: "removed", a: prevX, b: -1 });
    x = prevX;
    y = prevY;
  }
  return ops.reverse();
}

/** Appends text, merging runs of one kind; within a change, removed text comes before added. */
class SegmentList {
  readonly segments: DiffSegment[] = [];

  push(kind: DiffKind, text: string) {
    if (text === "") return;
    const last = this.segments.at(-1);
    if (last && last.kind === kind) last.text += text;
    else this.segments.push({ kind, text });
  }
}
