import { Parser } from "htmlparser2";

// With the `u` flag a well-formed surrogate pair is one code point, so \p{Cs} only matches lone halves.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const XML_INVALID_ALL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\p{Cs}]/gu;

// A superset (every surrogate, paired or not) as one plain character class: V8 scans it several
// times faster than the `u` pattern over CJK text, and feeds check every body on every render.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const MAYBE_XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uD800-\uDFFF]/;

/** Removes every character XML 1.0 cannot carry (C0 controls but tab/LF/CR, U+FFFE, U+FFFF, lone surrogates). */
export function stripXmlInvalid(s: string): string {
  if (!MAYBE_XML_INVALID.test(s)) return s;
  return s.replace(XML_INVALID_ALL, "");
}

/** Replaces every run of whitespace (including full-width and no-break spaces) with one space and trims. */
export function collapseWhitespace(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}

const CJK_SENTENCE_ENDS = new Set(["。", "！", "？"]);
const LATIN_SENTENCE_ENDS = new Set([".", "!", "?"]);
// Closing quotes/brackets that belong to the sentence they follow: 他说：“好。”
const CLOSING_PUNCTUATION = new Set(["”", "’", "」", "』", "）", ")", '"', "'", "》", "】"]);
const WORD_CHARACTER = /^[\p{L}\p{N}]$/u;
const IDEOGRAPHIC = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]$/u;

/**
 * An excerpt of at most `maxChars` code points. Prefers ending on a sentence boundary in the second half of
 * the window; otherwise cuts hard (backing off to a word boundary for Latin text) and appends "…".
 */
export function deriveSummary(plainText: string, maxChars = 120): string {
  const limit = Math.floor(maxChars);
  if (!(limit > 0)) return "";
  const text = collapseWhitespace(plainText);
  // UTF-16 length is an upper bound on the code point count, so this skips the split for short text.
  if (text.length <= limit) return text;

  const codePoints: string[] = [];
  for (const cp of text) {
    codePoints.push(cp);
    if (codePoints.length > limit) break;
  }
  if (codePoints.length <= limit) return text;

  const sentenceEnd = findLastSentenceEnd(codePoints, limit);
  if (sentenceEnd > 0) return codePoints.slice(0, sentenceEnd).join("");

  // Leave room for the ellipsis; back off to the start of a Latin word rather than split it.
  let cut = limit - 1;
  if (isLatinWordCharacter(codePoints[cut])) {
    let wordStart = cut;
    while (wordStart > 0 && isLatinWordCharacter(codePoints[wordStart - 1])) wordStart--;
    if (wordStart >= Math.ceil(limit / 2)) cut = wordStart;
  }
  return `${codePoints.slice(0, cut).join("").trimEnd()}…`;
}

/** Length of the excerpt ending at the last sentence end inside the window, or 0 when there is none late enough. */
function findLastSentenceEnd(codePoints: readonly string[], limit: number): number {
  const minimum = Math.ceil(limit / 2);
  for (let end = limit; end >= minimum; end--) {
    const last = codePoints[end - 1];
    if (last === undefined) continue;
    let index = end - 1;
    let punctuation = last;
    // Let "好。”" count as ending at the 。 but keep the closing quote in the excerpt.
    while (CLOSING_PUNCTUATION.has(punctuation) && index > 0) {
      index--;
      punctuation = codePoints[index] ?? "";
    }
    if (CJK_SENTENCE_ENDS.has(punctuation)) return end;
    // Only treat "." as a full stop before a space, so "v1.2" or "example.com" are never cut.
    if (LATIN_SENTENCE_ENDS.has(punctuation) && codePoints[end] === " ") return end;
  }
  return 0;
}

function isLatinWordCharacter(cp: string | undefined): boolean {
  return cp !== undefined && WORD_CHARACTER.test(cp) && !IDEOGRAPHIC.test(cp);
}

const PARAGRAPH_ELEMENTS = new Set([
  "address",
  "article",
  "aside",
  "blockquote",
  "caption",
  "details",
  "div",
  "dl",
  "figcaption",
  "figure",
  "footer",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "header",
  "hr",
  "main",
  "nav",
  "ol",
  "p",
  "pre",
  "section",
  "summary",
  "table",
  "ul",
]);
const LINE_ELEMENTS = new Set(["br", "dd", "dt", "li", "tr"]);
const CELL_ELEMENTS = new Set(["td", "th"]);
const INVISIBLE_ELEMENTS = new Set([
  "head",
  "iframe",
  "noscript",
  "object",
  "script",
  "style",
  "template",
  "title",
]);

const PARAGRAPH_BREAK = 0;
// A <br> always ends a line, so "<br><br>" yields an empty line, which separates paragraphs.
const HARD_LINE_BREAK = 1;
// Block boundaries such as </li><li> must not produce empty lines.
const SOFT_LINE_BREAK = 2;
type Piece = string | typeof PARAGRAPH_BREAK | typeof HARD_LINE_BREAK | typeof SOFT_LINE_BREAK;

// A source line break between two ideographs is wrapping, not a space (CSS Text segment-break rule).
const WRAPPED_IDEOGRAPHS =
  /([\p{Script=Han}\u3000-\u303F\uFF00-\uFFEF])[ \t]*\n[ \t\n]*(?=[\p{Script=Han}\u3000-\u303F\uFF00-\uFFEF])/gu;

/** Plain text from HTML: entities decoded, block elements turned into line breaks, paragraphs split by "\n\n". */
export function htmlToText(html: string): string {
  const pieces: Piece[] = [];
  let hiddenDepth = 0;
  let preDepth = 0;

  const parser = new Parser(
    {
      onopentag(name) {
        if (INVISIBLE_ELEMENTS.has(name)) hiddenDepth++;
        if (hiddenDepth > 0) return;
        if (name === "pre") preDepth++;
        if (PARAGRAPH_ELEMENTS.has(name)) pieces.push(PARAGRAPH_BREAK);
        else if (name === "br") pieces.push(HARD_LINE_BREAK);
        else if (LINE_ELEMENTS.has(name)) pieces.push(SOFT_LINE_BREAK);
      },
      ontext(text) {
        if (hiddenDepth > 0) return;
        if (preDepth === 0) {
          pieces.push(text);
          return;
        }
        const lines = text.split("\n");
        lines.forEach((line, index) => {
          if (index > 0) pieces.push(HARD_LINE_BREAK);
          pieces.push(line);
        });
      },
      onclosetag(name) {
        if (INVISIBLE_ELEMENTS.has(name)) {
          hiddenDepth = Math.max(0, hiddenDepth - 1);
          return;
        }
        if (hiddenDepth > 0) return;
        if (name === "pre") preDepth = Math.max(0, preDepth - 1);
        if (PARAGRAPH_ELEMENTS.has(name)) pieces.push(PARAGRAPH_BREAK);
        else if (LINE_ELEMENTS.has(name) && name !== "br") pieces.push(SOFT_LINE_BREAK);
        else if (CELL_ELEMENTS.has(name)) pieces.push(" ");
      },
    },
    { decodeEntities: true },
  );
  parser.end(html);
  return joinPieces(pieces);
}

function joinPieces(pieces: readonly Piece[]): string {
  const paragraphs: string[] = [];
  let lines: string[] = [];
  let line = "";

  const endLine = (hard: boolean) => {
    const text = collapseWhitespace(line.replace(WRAPPED_IDEOGRAPHS, "$1"));
    if (hard || text !== "") lines.push(text);
    line = "";
  };
  const endParagraph = () => {
    endLine(false);
    // An empty line inside a paragraph (<br><br>) separates paragraphs too.
    let current: string[] = [];
    for (const text of lines) {
      if (text !== "") {
        current.push(text);
      } else if (current.length > 0) {
        paragraphs.push(current.join("\n"));
        current = [];
      }
    }
    if (current.length > 0) paragraphs.push(current.join("\n"));
    lines = [];
  };

  for (const piece of pieces) {
    if (piece === PARAGRAPH_BREAK) endParagraph();
    else if (piece === HARD_LINE_BREAK) endLine(true);
    else if (piece === SOFT_LINE_BREAK) endLine(false);
    else line += piece;
  }
  endParagraph();
  return paragraphs.join("\n\n");
}
