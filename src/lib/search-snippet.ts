import { foldCharacter } from "./search-text";
import { collapseWhitespace, htmlToText } from "./text";

export const SNIPPET_CHARACTERS = 120;
// How much text before the first match the window keeps, so the match reads in context.
const LEAD_CHARACTERS = 30;
const WORD_CHARACTER = /[\p{L}\p{N}]/u;
const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * An HTML excerpt of `text` of at most `maxCharacters` code points (plus "…" marks), starting a
 * little before the first highlighted piece; every highlighted piece in the window is wrapped in
 * `<mark>`, every character escaped. `highlights` are folded (search-text.ts) pieces: matching runs
 * on the folded text, so 網格 in the text lights up for the query 网格.
 */
export function searchSnippet(
  text: string,
  highlights: readonly string[],
  maxCharacters = SNIPPET_CHARACTERS,
): string {
  const characters = [...collapseWhitespace(text)];
  const marked = markedCharacters(characters, highlights);
  const first = marked.indexOf(true);
  let start = first <= LEAD_CHARACTERS ? 0 : first - LEAD_CHARACTERS;
  const end = Math.min(characters.length, start + maxCharacters);
  start = Math.max(0, Math.min(start, end - maxCharacters));
  let html = start > 0 ? "…" : "";
  let open = false;
  for (let i = start; i < end; i++) {
    if (marked[i] && !open) html += "<mark>";
    if (!marked[i] && open) html += "</mark>";
    open = marked[i] ?? false;
    const c = characters[i] ?? "";
    html += ESCAPES[c] ?? c;
  }
  if (open) html += "</mark>";
  return end < characters.length ? `${html}…` : html;
}

/** Which original characters belong to an occurrence of a highlight (words only at word bounds). */
function markedCharacters(characters: string[], highlights: readonly string[]): boolean[] {
  // Each folded character remembers the original character it came from (NFKC may expand one).
  const folded: string[] = [];
  const origin: number[] = [];
  characters.forEach((c, i) => {
    for (const f of foldCharacter(c)) {
      folded.push(f);
      origin.push(i);
    }
  });
  const marked = characters.map(() => false);
  for (const highlight of new Set(highlights)) {
    const needle = [...highlight];
    if (needle.length === 0) continue;
    const isWord = !/\p{Script=Han}/u.test(highlight);
    for (let at = 0; at + needle.length <= folded.length; at++) {
      if (!needle.every((c, k) => folded[at + k] === c)) continue;
      if (isWord && (isWordAt(folded, at - 1) || isWordAt(folded, at + needle.length))) continue;
      for (let k = 0; k < needle.length; k++) marked[origin[at + k] ?? 0] = true;
    }
  }
  return marked;
}

function isWordAt(folded: string[], index: number): boolean {
  const c = folded[index];
  return c !== undefined && WORD_CHARACTER.test(c) && !/\p{Script=Han}/u.test(c);
}

/** The snippet of a hit: from its body when a highlight occurs there, else from its summary. */
export function articleSnippet(
  article: { summary: string; bodyHtml: string },
  highlights: readonly string[],
) {
  const body = htmlToText(article.bodyHtml);
  const fromBody = searchSnippet(body, highlights);
  return fromBody.includes("<mark>") ? fromBody : searchSnippet(article.summary, highlights);
}
