import { decodeHTML } from "entities";

// The W3C Feed Validation Service's rules for RSS text elements that "should not contain HTML"
// (validators.py `nonhtml`, feedvalidator/__init__.py `rssCharData`), for use offline:
// - ContainsHTML: the decoded text has an HTML end tag, or a character reference, unless the raw
//   line uses a hexadecimal reference (`&#x`, the RSS Profile's sign of deliberate escaping);
// - CharacterData: otherwise, `&#` or `<` + letter in the text with no `&#x` on the raw line;
// - "An item should not include both source and dc:source".
// Entity names are checked against the HTML5 list, a superset of the validator's HTML 4 one.

const TEXT_ELEMENTS =
  /<(title|dc:creator|dc:contributor|dc:source|category)\b[^>]*>([^<]*(?:<!\[CDATA\[[\s\S]*?\]\]>[^<]*)*)<\/\1>/g;

function decodeXmlText(raw: string): string {
  return raw.replace(
    /<!\[CDATA\[([\s\S]*?)\]\]>|&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g,
    (_, cdata, ref) => {
      if (cdata !== undefined) return cdata;
      if (ref.startsWith("#"))
        return String.fromCodePoint(
          Number.parseInt(ref.slice(ref[1] === "x" ? 2 : 1), ref[1] === "x" ? 16 : 10),
        );
      return ({ amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" } as Record<string, string>)[ref] ?? "";
    },
  );
}

const isHtmlEntity = (name: string) => name === "apos" || decodeHTML(`&${name};`) !== `&${name};`;

/** Every warning the validator would give for text elements and item sources of an RSS document. */
export function w3cRssTextWarnings(xml: string): string[] {
  const warnings: string[] = [];
  for (const [, name, raw = ""] of xml.matchAll(TEXT_ELEMENTS)) {
    const value = decodeXmlText(raw).trim();
    const hexOnLine = raw.includes("&#x");
    const endTag = /<\/(\w+)>/.exec(value);
    const entities = [...value.matchAll(/&(#?\w+)/g)].map((m) => m[1] ?? "");
    if (endTag) warnings.push(`ContainsHTML ${name}: </${endTag[1]}> in ${value}`);
    else if (entities.length > 0) {
      for (const entity of entities) {
        const html = isHtmlEntity(entity) || !/^[a-zA-Z]+$/.test(entity);
        if (html && !hexOnLine) warnings.push(`ContainsHTML ${name}: &${entity}; in ${value}`);
      }
    } else if (/&#[x0-9]|<[/a-zA-Z]/.test(value) && !hexOnLine)
      warnings.push(`CharacterData ${name}: ${value}`);
  }
  for (const item of xml.split("<item>").slice(1)) {
    if (/<source[\s>]/.test(item) && item.includes("<dc:source>")) {
      warnings.push("An item should not include both source and dc:source");
    }
  }
  return warnings;
}
