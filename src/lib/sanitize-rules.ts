// The sanitizer's allowlists: which elements survive, which attributes they keep and how values are cleaned.
import { stripXmlInvalid } from "./text";

type AttributeRule = (value: string) => string | null;

const words = (list: string): string[] => list.split(" ");

export const VOID_ELEMENTS = new Set(["br", "hr", "img"]);
// The page title is the only h1.
export const RENAMED_ELEMENTS = new Map([["h1", "h2"]]);
export const ALLOWED_ELEMENTS = new Set([
  ...VOID_ELEMENTS,
  ...words("p h2 h3 h4 h5 h6 div section span blockquote q cite abbr time a figure figcaption"),
  ...words("strong b em i u s del ins sub sup small mark code pre kbd"),
  ...words("ul ol li dl dt dd table caption thead tbody tfoot tr th td"),
]);
// Elements whose content is code, form state or never shown: dropped with everything inside. Includes every
// element htmlparser2 parses as raw text, so their content never surfaces as text either. Any other element
// outside the allowlist (form, font, center, custom elements…) is unwrapped: its text stays.
export const DROPPED_WITH_CONTENT = new Set(
  words(
    "script style template noscript iframe frame frameset object embed applet input select " +
      "textarea svg math base link meta title head xmp noembed noframes plaintext",
  ),
);

/**
 * htmlparser2 closes these open elements when the key opens. The output stack applies the same rules so that
 * re-parsing the output yields the same tree, which is what makes sanitizeHtml idempotent.
 */
const HEADING_CLOSES = new Set(words("h2 h3 h4 h5 h6 p"));
const P_CLOSES = new Set(["p"]);
export const IMPLIED_CLOSES = new Map<string, ReadonlySet<string>>([
  ["tr", new Set(["tr", "th", "td"])],
  ["th", new Set(["th"])],
  ["td", new Set(["thead", "th", "td"])],
  ["a", new Set(["a"])],
  ["li", new Set(["li"])],
  ["dd", new Set(["dd", "dt"])],
  ["dt", new Set(["dd", "dt"])],
  ["tbody", new Set(["thead", "tbody"])],
  ["tfoot", new Set(["thead", "tbody"])],
  ...words("h2 h3 h4 h5 h6").map((name): [string, ReadonlySet<string>] => [name, HEADING_CLOSES]),
  ...words("p blockquote div dl figcaption figure hr ol pre section table ul").map(
    (name): [string, ReadonlySet<string>] => [name, P_CLOSES],
  ),
]);

const LINK_SCHEMES = new Set(["http", "https", "mailto", "tel"]);
const RESOURCE_SCHEMES = new Set(["http", "https"]);
// biome-ignore lint/suspicious/noControlCharactersInRegex: browsers strip these before reading the scheme.
const EDGE_C0_OR_SPACE = /^[\u0000-\u0020]+|[\u0000-\u0020]+$/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: none of these can be part of a scheme.
const CONTROL_OR_SPACE = /[\u0000-\u0020\u007F-\u009F\s]/g;

function url(allowedSchemes: ReadonlySet<string>): AttributeRule {
  return (value) => {
    // Same clean-up a browser's URL parser does, so we judge the URL the browser would see.
    const cleaned = stripXmlInvalid(value)
      .replace(/[\t\n\r]/g, "")
      .replace(EDGE_C0_OR_SPACE, "");
    // Stricter than browsers on purpose: "java script:" is relative for them, suspicious for us.
    const probe = cleaned.replace(CONTROL_OR_SPACE, "").toLowerCase();
    const colon = probe.indexOf(":");
    if (colon === -1) return cleaned;
    const pathStart = probe.search(/[/?#]/);
    if (pathStart !== -1 && pathStart < colon) return cleaned;
    return allowedSchemes.has(probe.slice(0, colon)) ? cleaned : null;
  };
}

function integer(min: number, max: number): AttributeRule {
  return (value) => {
    const trimmed = value.trim();
    if (!/^\d{1,6}$/.test(trimmed)) return null;
    const number = Number(trimmed);
    return number >= min && number <= max ? String(number) : null;
  };
}

function oneOf(...allowed: string[]): AttributeRule {
  return (value) => {
    const normalized = value.trim().toLowerCase();
    return allowed.includes(normalized) ? normalized : null;
  };
}

const anyText: AttributeRule = (value) => stripXmlInvalid(value);
const presence: AttributeRule = () => "";
const languageTag: AttributeRule = (value) => {
  const trimmed = value.trim();
  return trimmed === "" || /^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$/.test(trimmed) ? trimmed : null;
};
const relTokens: AttributeRule = (value) => {
  const tokens = value
    .toLowerCase()
    .split(/\s+/)
    .filter((token) => /^[a-z]+$/.test(token));
  return tokens.length > 0 ? [...new Set(tokens)].join(" ") : null;
};
const dateTime: AttributeRule = (value) => {
  const trimmed = value.trim();
  return /^[0-9A-Za-z:.+\- ]{1,64}$/.test(trimmed) ? trimmed : null;
};

const rules = (byName: Record<string, AttributeRule>): ReadonlyMap<string, AttributeRule> =>
  new Map(Object.entries(byName));

const BOOLEAN_ATTRIBUTES = new Set(["reversed"]);
const GLOBAL_ATTRIBUTES = rules({ lang: languageTag, dir: oneOf("ltr", "rtl", "auto") });
const TABLE_CELL_ATTRIBUTES = rules({
  colspan: integer(1, 1000),
  rowspan: integer(0, 65534),
  scope: oneOf("row", "col", "rowgroup", "colgroup"),
});
const QUOTE_ATTRIBUTES = rules({ cite: url(RESOURCE_SCHEMES) });
const ELEMENT_ATTRIBUTES = new Map<string, ReadonlyMap<string, AttributeRule>>([
  ["a", rules({ href: url(LINK_SCHEMES), title: anyText, rel: relTokens, hreflang: languageTag })],
  [
    "img",
    rules({
      src: url(RESOURCE_SCHEMES),
      alt: anyText,
      title: anyText,
      width: integer(1, 10000),
      height: integer(1, 10000),
    }),
  ],
  ["blockquote", QUOTE_ATTRIBUTES],
  ["q", QUOTE_ATTRIBUTES],
  ["td", TABLE_CELL_ATTRIBUTES],
  ["th", TABLE_CELL_ATTRIBUTES],
  ["ol", rules({ start: integer(0, 1_000_000), reversed: presence })],
  ["li", rules({ value: integer(0, 1_000_000) })],
  ["time", rules({ datetime: dateTime })],
  ["abbr", rules({ title: anyText })],
]);

const TEXT_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };
export const escapeText = (s: string) =>
  /[&<>]/.test(s) ? s.replace(/[&<>]/g, (c) => TEXT_ESCAPES[c] ?? c) : s;
const escapeAttribute = (s: string) =>
  /[&<>"]/.test(s) ? s.replace(/[&<>"]/g, (c) => TEXT_ESCAPES[c] ?? c) : s;

/** What the sanitizer did to an attribute: "dropped" (unknown or invalid value) or "added" (empty alt). */
export type AttributeChange = (kind: "dropped" | "added", attribute: string) => void;

/**
 * The allowed attributes of `element`, serialized, or null when the element is useless without them
 * (an image without a usable source).
 */
export function serializeAttributes(
  element: string,
  attributes: Record<string, string>,
  onChange: AttributeChange,
): string | null {
  const elementRules = ELEMENT_ATTRIBUTES.get(element);
  let serialized = "";
  let hasSource = false;
  let hasAlt = false;
  for (const [name, value] of Object.entries(attributes)) {
    const rule = elementRules?.get(name) ?? GLOBAL_ATTRIBUTES.get(name);
    const cleaned = rule?.(value);
    if (cleaned === undefined || cleaned === null) {
      onChange("dropped", name);
      continue;
    }
    if (name === "src") hasSource = true;
    if (name === "alt") hasAlt = true;
    serialized += BOOLEAN_ATTRIBUTES.has(name) ? ` ${name}` : ` ${name}="${escapeAttribute(cleaned)}"`;
  }
  if (element !== "img") return serialized;
  if (!hasSource) return null;
  // HTML requires alt on every img; empty marks it decorative, which is all we can know about it.
  if (!hasAlt) {
    onChange("added", "alt");
    serialized += ' alt=""';
  }
  return serialized;
}
