import { type Category, type Extension, Feed, type Item } from "feed";
import {
  FEED_MEDIA_TYPE,
  type FeedDocument,
  type FeedEntry,
  GENERATOR,
  LINK_RELATIONS,
  printCitation,
} from "../../src/feeds/model";
import { RSS_ROOT } from "../../src/feeds/rss";
import { escapedHtmlTitle, looksLikeMarkup } from "../../src/feeds/rss-title";
import { escapeXml, escapeXmlAttribute } from "../../src/feeds/xml";
import { stripXmlInvalid } from "../../src/lib/text";
import { FEED_STYLESHEET_PATH } from "../../src/render/feed-css";

// The reference RSS 2.0 writer: feed@6's rss2(), with its gaps closed (see each helper and the table in
// docs/design.md). src/feeds/rss.ts must produce the same bytes for every FeedDocument
// (rss-feed6.property.test.ts).
//
// Strings are pre-cleaned for its XML writer (xml-js), `]]>` is split in every CDATA section,
// <author> is never written (it must be an e-mail), names go to dc:creator, and Media RSS,
// Dublin Core, RFC 5005 links and fh:archive go through `extensions`. Reader fixes: the stylesheet is
// CSS (feed writes text/xsl), description is the item's last element (after media:description, see
// rss.ts), no <source> beside dc:source, and titles that look like markup are HTML-escaped (rss-title.ts).

// stripXmlInvalid removes U+0001 from every input string, so this marker can only be one we placed.
const CDATA_END_MARKER = "\u0001";
const CDATA_END_SPLIT = "]]]]><![CDATA[>";

/** For xml-js `_text`: it turns "&amp;" back into "&" before escaping, so every "&" is pre-escaped once. */
export const rssText = (s: string) => stripXmlInvalid(s).replaceAll("&", "&amp;");
/** For `_cdata`: xml-js splits only the first "]]>" of a section; all are marked and split afterwards. */
export const rssCdata = (s: string) => stripXmlInvalid(s).replaceAll("]]>", CDATA_END_MARKER);
/** For `_attributes`: xml-js escapes only '"', so every free-text value is escaped first. */
const attr = (s: string) => escapeXmlAttribute(s);

/**
 * feed declares only the namespaces it uses itself; the root is replaced by one declaring all of ours.
 * Every string reached xml-js through rssText/rssCdata/attr (URLs via URL#toString), so the marker
 * is the only character XML forbids left in the output.
 */
export function finishRss(xml: string): string {
  return xml
    .replace(/<rss\b[^>]*>/, RSS_ROOT)
    .replace(/(<\?xml-stylesheet [^>]*)type="text\/xsl"\?>/, '$1type="text/css"?>')
    .replaceAll(CDATA_END_MARKER, CDATA_END_SPLIT);
}

// feed writes every item title as CDATA; one that looks like markup becomes HTML-escaped text. The CDATA
// holds no "]]>" yet (each is still a marker), so the first "]]></title>" ends it.
const CHANNEL_TITLE = /(<channel>\s*)<title>([^<]*)<\/title>/;
const xmlText = (s: string) => s.replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&amp;", "&");

const ITEM_TITLE = /(<item>\s*)<title><!\[CDATA\[([\s\S]*?)\]\]><\/title>/g;

function correctTitles(xml: string): string {
  const channel = xml.replace(CHANNEL_TITLE, (element, start: string, escaped: string) => {
    const title = xmlText(escaped);
    return looksLikeMarkup(title) ? `${start}<title>${escapedHtmlTitle(title)}</title>` : element;
  });
  return channel.replace(ITEM_TITLE, (element, start: string, cdata: string) => {
    const title = cdata.replaceAll(CDATA_END_MARKER, "]]>");
    return looksLikeMarkup(title) ? `${start}<title>${escapedHtmlTitle(title)}</title>` : element;
  });
}

// xml-js compact objects: arrays become repeated elements, which feed's Extension type does not spell.
type Compact = Record<string, unknown> | Record<string, unknown>[];
const extension = (name: string, objects: Compact): Extension => ({
  name,
  objects: objects as Record<string, unknown>,
});
const textNode = (value: string) => ({ _text: rssText(value) });

export function renderRssReference(doc: FeedDocument): string {
  const feed = new Feed({
    title: rssText(doc.title),
    description: rssText(doc.description),
    link: doc.homeUrl,
    language: rssText(doc.language),
    updated: new Date(doc.updated.ms),
    generator: rssText(GENERATOR.name),
    docs: "https://www.rssboard.org/rss-specification",
    // Makes feed open the channel's atom:link slot before the items; the extension below fills it.
    feed: doc.self.rss,
    stylesheet: FEED_STYLESHEET_PATH,
  });
  feed.addExtension(extension("atom:link", channelLinks(doc)));
  if (doc.archive) feed.addExtension(extension("fh:archive", {}));
  for (const entry of doc.entries) feed.addItem(toItem(doc, entry));
  return finishRss(correctTitles(feed.rss2()));
}

function channelLinks(doc: FeedDocument) {
  const type = FEED_MEDIA_TYPE.rss;
  const link = (rel: string, href: string, mediaType?: string) => ({
    _attributes: { href: attr(href), rel, type: mediaType },
  });
  const links = [link("self", doc.self.rss, type)];
  if (doc.hubUrl) links.push(link("hub", doc.hubUrl));
  for (const rel of LINK_RELATIONS) {
    const href = doc.links[rel]?.rss;
    if (href) links.push(link(rel, href, type));
  }
  return links;
}

function toItem(doc: FeedDocument, entry: FeedEntry): Item {
  const categories: Category[] = [];
  if (entry.section.length > 0) {
    categories.push({ name: rssText(entry.section.join("/")), domain: attr(doc.sectionScheme) });
  }
  for (const tag of entry.tags) categories.push({ name: rssText(tag), domain: attr(doc.tagScheme) });
  return {
    title: rssCdata(entry.title),
    link: entry.url,
    guid: rssText(entry.id),
    date: new Date(entry.updated.ms),
    published: new Date(entry.published.ms),
    content: entry.contentHtml === null ? undefined : rssCdata(entry.contentHtml),
    category: categories,
    extensions: itemExtensions(entry),
  };
}

function itemExtensions(entry: FeedEntry): Extension[] {
  const out: Extension[] = [];
  if (entry.authors.length > 0) {
    out.push(
      extension(
        "dc:creator",
        entry.authors.map((a) => textNode(a.name)),
      ),
    );
  }
  if (entry.editors.length > 0) {
    out.push(
      extension(
        "dc:contributor",
        entry.editors.map((e) => textNode(e.name)),
      ),
    );
  }
  if (entry.language) out.push(extension("dc:language", textNode(entry.language)));
  if (entry.image) {
    const { image } = entry;
    const media: Record<string, unknown> = {
      _attributes: {
        url: attr(image.url),
        medium: "image",
        type: image.type === undefined ? undefined : attr(image.type),
        fileSize: image.length,
        width: image.width,
        height: image.height,
      },
    };
    if (image.caption) {
      media["media:description"] = { _attributes: { type: "plain" }, _text: rssText(image.caption) };
    }
    if (image.credit) media["media:credit"] = textNode(image.credit);
    out.push(extension("media:content", media));
  }
  if (entry.source) out.push(extension("dc:source", textNode(entry.source.name)));
  if (entry.printEdition) {
    out.push(
      extension("dcterms:bibliographicCitation", textNode(printCitation(entry.printEdition, entry.source))),
    );
  }
  // description is HTML by convention: the plain-text summary is escaped so readers show it verbatim.
  const description = entry.summary ? rssCdata(escapeXml(entry.summary)) : "";
  if (description) out.push(extension("description", { _cdata: description }));
  return out;
}
