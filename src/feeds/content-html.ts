import type { Image } from "../domain/article";
import { escapeXml } from "./xml";

// Works on sanitizeHtml output only, whose shape makes a tokenizer-free rewrite exact: every "<" that
// is not a tag is escaped, every attribute value is double-quoted with '"' escaped, and ">" inside
// values is escaped, so a tag ends at the first ">" and values end at the next '"'.
const TAG = /<[a-zA-Z][a-zA-Z0-9]*(?:\s[^>]*)?>/g;
const ATTRIBUTE = /(\s[a-zA-Z][a-zA-Z0-9-]*)(?:="([^"]*)")?/g;
const URL_ATTRIBUTES = new Set([" href", " src", " cite"]);
const HAS_SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]*:/;
// Cheap pre-check: most bodies hold only absolute URLs and skip the rewrite entirely.
const MAYBE_RELATIVE = /\s(?:href|src|cite)="(?![a-zA-Z][a-zA-Z0-9+.-]*:)/i;
const ENTITY = /&(amp|lt|gt|quot|apos|#39);/g;
const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", "#39": "'" };

/**
 * Resolves relative href/src/cite against the article URL, so readers (which have no base URL for
 * content, and RSS has no xml:base) load the right resources. Absolute URLs pass untouched.
 */
export function absolutizeHtmlUrls(html: string, base: string): string {
  if (!MAYBE_RELATIVE.test(html)) return html;
  return html.replace(TAG, (tag) =>
    tag.replace(ATTRIBUTE, (attribute, name: string, value: string | undefined) => {
      if (value === undefined || !URL_ATTRIBUTES.has(name.toLowerCase()) || HAS_SCHEME.test(value)) {
        return attribute;
      }
      const raw = value.replace(ENTITY, (_, entity: string) => ENTITIES[entity] ?? "");
      try {
        return `${name}="${escapeXml(new URL(raw, base).toString())}"`;
      } catch {
        return attribute;
      }
    }),
  );
}

/**
 * The lead image as a figure before the body: readers without Media RSS support (many) still show
 * the picture and its caption, as on the article page.
 */
export function leadFigureHtml(image: Image, imageUrl: string): string {
  const alt = image.alt ?? image.caption ?? "";
  const caption = [image.caption, image.credit].filter((part): part is string => Boolean(part)).join(" ");
  const figcaption = caption ? `<figcaption>${escapeXml(caption)}</figcaption>` : "";
  return `<figure><img src="${escapeXml(imageUrl)}" alt="${escapeXml(alt)}">${figcaption}</figure>`;
}
