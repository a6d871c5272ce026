// RSS titles have no type. feedparser takes a title whose text looks like markup for HTML (then
// sanitizes and renders it), and the W3C validator warns "title should not contain HTML" on the same
// texts. Such a title is written as HTML-escaped text with its "&" as the hexadecimal reference the
// RSS Profile recommends (the validator's sign of deliberate escaping), so every reader that treats
// titles as HTML shows the characters as typed. Every other title is plain text, read the same by all.
const MARKUP_LIKE = /<[a-zA-Z/!?]|&(?:#|[a-zA-Z][a-zA-Z0-9]*;|(?:amp|lt|gt|quot|apos|nbsp|copy|reg)\b)/;

/** True when some reader would take this plain text for HTML (a tag, or a character reference). */
export const looksLikeMarkup = (text: string): boolean => MARKUP_LIKE.test(text);

/** XML text for an RSS title that looks like markup: HTML-escaped, its "&" written as &#x26;. */
export function escapedHtmlTitle(text: string): string {
  return text.replaceAll("&", "&#x26;amp;").replaceAll("<", "&#x26;lt;").replaceAll(">", "&#x26;gt;");
}
