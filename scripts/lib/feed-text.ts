// Text helpers shared by the feed readers: text constructs, HTML ↔ plain text.

// Plain text → paragraphs by the same rule as Micropub's plain-text content.
export { textToHtml } from "../../src/domain/micropub";

/**
 * A node of feedsmith's parse result. Its shape differs by format and by what a feed got wrong, so the
 * readers take every field as optional and check what they use.
 */
// biome-ignore lint/suspicious/noExplicitAny: feedsmith's per-format unions are read defensively field by field.
export type FeedNode = any;

/** A feed text construct (a string or `{ value }`) as a string. */
export function textOf(value: unknown): string | undefined {
  if (value == null) return undefined;
  if (typeof value === "string") return value;
  const inner = (value as { value?: unknown }).value;
  return typeof inner === "string" ? inner : undefined;
}

export function htmlToText(html: unknown): string {
  return decodeEntities(String(html).replace(/<[^>]*>/g, " "))
    .replace(/\s+/g, " ")
    .trim();
}

function decodeEntities(s: string): string {
  const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === "#") {
      const code = e[1] === "x" || e[1] === "X" ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1));
      return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : m;
    }
    return named[e.toLowerCase()] ?? m;
  });
}
