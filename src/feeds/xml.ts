import { stripXmlInvalid } from "../lib/text";

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  // Not &apos;: it is XML-only, and escaped text often ends up inside HTML (descriptions, figures),
  // where HTML 4 readers (feedparser among them) show "&apos;" literally.
  "'": "&#39;",
};
const SPECIAL = /[&<>"']/;

/**
 * The one XML escaper: drops what XML 1.0 cannot carry (a second guard after write-time cleaning),
 * then escapes the five markup characters
 * (with references that both XML and HTML readers decode). Safe in text and in either kind of quoted attribute;
 * `]]>` cannot survive because `>` is escaped.
 */
export function escapeXml(value: string): string {
  const clean = stripXmlInvalid(value);
  // Native replaceAll passes are several times faster than one callback per match on HTML bodies.
  if (!SPECIAL.test(clean)) return clean;
  return clean
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

const TEXT_SPECIAL = /[&<>]/;

/**
 * Element text with only `&`, `<` and `>` escaped: all XML text needs. RSS keeps these bytes, which
 * feed@6's writer produced and readers have seen since; Atom's text goes through escapeXml.
 */
export function escapeXmlText(value: string): string {
  const clean = stripXmlInvalid(value);
  if (!TEXT_SPECIAL.test(clean)) return clean;
  return clean.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/** A CDATA section with every `]]>` split across two sections; "" when nothing XML can carry is left. */
export function cdata(value: string): string {
  const clean = stripXmlInvalid(value);
  return clean ? `<![CDATA[${clean.replaceAll("]]>", "]]]]><![CDATA[>")}]]>` : "";
}

const ATTRIBUTE_ESCAPES: Record<string, string> = { ...ESCAPES, "\t": "&#x9;", "\n": "&#xA;" };
const ATTRIBUTE_SPECIAL = /[&<>"'\t\n]/g;

/**
 * escapeXml for attribute values: line ends are normalized as XML parsers do in text, and tab and
 * line feed become references, which attribute-value normalization would otherwise turn into spaces.
 */
export function escapeXmlAttribute(value: string): string {
  const clean = normalizeLineEnds(stripXmlInvalid(value));
  return clean.replace(ATTRIBUTE_SPECIAL, (ch) => ATTRIBUTE_ESCAPES[ch] ?? ch);
}

/** CR LF and lone CR become LF: what every XML parser reports for text, so every format reads the same. */
export function normalizeLineEnds(value: string): string {
  return value.includes("\r") ? value.replace(/\r\n?/g, "\n") : value;
}

export type Attributes = Record<string, string | number | null | undefined>;

function attributes(attrs: Attributes | undefined): string {
  if (!attrs) return "";
  let out = "";
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined) continue;
    out += ` ${name}="${escapeXmlAttribute(String(value))}"`;
  }
  return out;
}

/** `<name attrs>escaped text</name>`; an empty element when text is absent. */
export function element(
  name: string,
  attrs?: Attributes,
  text?: string | null,
  escapeText: (text: string) => string = escapeXml,
): string {
  if (text === undefined || text === null) return `<${name}${attributes(attrs)}/>`;
  return `<${name}${attributes(attrs)}>${escapeText(text)}</${name}>`;
}

/** `<name attrs>`, for a root element whose start tag is named on its own. */
export const startTag = (name: string, attrs?: Attributes) => `<${name}${attributes(attrs)}>`;

/** `<name attrs>` + already serialized children + `</name>`; children are trusted markup from this module. */
export function parent(name: string, attrs: Attributes | undefined, children: readonly string[]): string {
  // += builds a rope; join() would copy every large body (content:encoded) once more per level.
  let out = startTag(name, attrs);
  for (const child of children) out += child;
  return `${out}</${name}>`;
}

/** Children one a line at `indent`, then the line the closing tag stands on, at `closingIndent`. */
export function onLines(children: readonly string[], indent: string, closingIndent = ""): string[] {
  return [...children.map((child) => `\n${indent}${child}`), `\n${closingIndent}`];
}

/** Browsers show a styled page with a "this is a feed" note; readers ignore the instruction. */
export const stylesheetInstruction = (href: string) =>
  `<?xml-stylesheet href="${escapeXmlAttribute(href)}" type="text/css"?>`;

export const XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>';
