import { FOLD_OFFSETS, FOLD_STEPS } from "./hanzi-fold-table";

/**
 * Search text: one fold for index and query alike (NFKC, lower case, Traditional → Simplified by
 * character), then tokens for an FTS5 `unicode61` column. Chinese has no spaces, so every run of
 * CJK characters becomes its overlapping bigrams plus the run's last character alone:
 * 北京市 → 北京 京市 市. A 2+ character query is then the phrase of its bigrams, and a 1-character
 * query the prefix `c*`, which meets every place the character stands (starting a bigram, or
 * ending a run). Latin letters and digits form words as usual.
 */

let foldTable: Map<number, number> | null = null;

function hanziFold(): Map<number, number> {
  if (foldTable) return foldTable;
  const offsets = FOLD_OFFSETS.split(",");
  let from = 0;
  foldTable = new Map(
    FOLD_STEPS.split(",").map((step, i) => {
      from += Number.parseInt(step, 36);
      return [from, from + Number.parseInt(offsets[i] ?? "0", 36)];
    }),
  );
  return foldTable;
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const WORD = /[\p{L}\p{N}]/u;

/** Folds one code point (as a string) to the characters index and query compare. */
export function foldCharacter(character: string): string {
  const normalized = character.normalize("NFKC").toLowerCase();
  let out = "";
  for (const c of normalized) {
    const code = c.codePointAt(0) ?? 0;
    const folded = hanziFold().get(code);
    out += folded === undefined ? c : String.fromCodePoint(folded);
  }
  return out;
}

/** Folds a whole text; NFKC first over the whole string, so combining sequences compose as a unit. */
export function foldSearchText(text: string): string {
  let out = "";
  for (const c of text.normalize("NFKC")) out += foldCharacter(c);
  return out;
}

export type SegmentKind = "cjk" | "word";

export interface Segment {
  kind: SegmentKind;
  text: string;
}

/** Runs of CJK characters and of other letters/digits in folded text; everything else separates. */
export function segments(folded: string): Segment[] {
  const out: Segment[] = [];
  let current: Segment | null = null;
  for (const c of folded) {
    const kind: SegmentKind | null = CJK.test(c) ? "cjk" : WORD.test(c) ? "word" : null;
    if (kind === null) {
      current = null;
      continue;
    }
    if (current && current.kind === kind) {
      current.text += c;
    } else {
      current = { kind, text: c };
      out.push(current);
    }
  }
  return out;
}

function bigrams(run: string): string[] {
  const characters = [...run];
  const out: string[] = [];
  for (let i = 0; i + 1 < characters.length; i++) out.push(`${characters[i]}${characters[i + 1]}`);
  return out;
}

/** The token text of one field for the FTS column: space-separated, letters and digits only. */
export function indexTokens(text: string, maxCharacters = Number.POSITIVE_INFINITY): string {
  const tokens: string[] = [];
  let seen = 0;
  for (const segment of segments(foldSearchText(text))) {
    if (seen >= maxCharacters) break;
    const characters = [...segment.text].slice(0, maxCharacters - seen);
    seen += characters.length;
    if (segment.kind === "word") {
      tokens.push(characters.join(""));
      continue;
    }
    tokens.push(...bigrams(characters.join("")), characters.at(-1) ?? "");
  }
  return tokens.join(" ");
}

export const MAX_QUERY_CHARACTERS = 100;
export const MAX_QUERY_TOKENS = 16;

export interface SearchQuery {
  /** FTS5 expression: every term must occur (each a phrase, or a 1-character prefix). */
  match: string;
  /** FTS5 expression: the whole query contiguous, spaces between Chinese characters ignored. */
  phrase: string;
  /** Folded pieces of text to highlight in snippets. */
  highlights: string[];
  tokenCount: number;
}

export type QueryProblem = "empty" | "too-many-terms";

/** Tokens of one run of query segments as an FTS5 phrase; never passes user syntax through. */
function phraseOf(parts: Segment[]): { expression: string; tokens: number } | null {
  const tokens: string[] = [];
  let prefix = false;
  parts.forEach((part, i) => {
    if (part.kind === "word") tokens.push(part.text);
    else if ([...part.text].length > 1) tokens.push(...bigrams(part.text));
    else {
      tokens.push(part.text);
      // A lone last character may start a bigram in the text; a lone one mid-phrase ends its run.
      prefix = i === parts.length - 1;
    }
  });
  if (tokens.length === 0) return null;
  // Tokens hold only letters and digits (segments()), so the quotes cannot be broken out of.
  return { expression: `"${tokens.join(" ")}"${prefix ? "*" : ""}`, tokens: tokens.length };
}

/** Parses a reader's query into FTS5 expressions, or says why it cannot be searched. */
export function parseSearchQuery(raw: string): SearchQuery | QueryProblem {
  const folded = foldSearchText(raw);
  const terms = folded
    .split(/\s+/)
    .map(segments)
    .filter((parts) => parts.length > 0);
  const expressions: string[] = [];
  let tokenCount = 0;
  for (const parts of terms) {
    const phrase = phraseOf(parts);
    if (!phrase) continue;
    expressions.push(phrase.expression);
    tokenCount += phrase.tokens;
  }
  if (expressions.length === 0) return "empty";
  if (tokenCount > MAX_QUERY_TOKENS) return "too-many-terms";
  const joined = segments(folded.replace(/(?<=\p{Script=Han})\s+(?=\p{Script=Han})/gu, ""));
  const whole = phraseOf(joined)?.expression ?? expressions.join(" ");
  return {
    match: expressions.join(" "),
    phrase: `{title body} : ${whole}`,
    highlights: terms.flat().map((part) => part.text),
    tokenCount,
  };
}
