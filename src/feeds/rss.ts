import { stripXmlInvalid } from "../lib/text";
import { FEED_STYLESHEET_PATH } from "../render/feed-css";
import { type FeedSerializer, renderFeedText } from "./feed-serializer";
import {
  FEED_MEDIA_TYPE,
  type FeedDocument,
  type FeedEntry,
  GENERATOR,
  LINK_RELATIONS,
  printCitation,
} from "./model";
import { escapedHtmlTitle, looksLikeMarkup } from "./rss-title";
import {
  type Attributes,
  cdata,
  element,
  escapeXml,
  escapeXmlText,
  onLines,
  parent,
  startTag,
  stylesheetInstruction,
  XML_DECLARATION,
} from "./xml";
import { mediaContentAttributes, NAMESPACES } from "./xml-vocabulary";

// RSS 2.0 on the same XML helpers as Atom. Its bytes are those of feed@6's rss2() (xml-js: 4-space
// indent, only &, < and > escaped in text) with our corrections; test/reference/rss-feed6.ts keeps
// that path as the oracle this serializer is proven byte-identical to (docs/design.md says why).

export const RSS_ROOT = startTag("rss", {
  version: "2.0",
  "xmlns:atom": NAMESPACES.atom,
  "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
  "xmlns:dc": NAMESPACES.dc,
  "xmlns:dcterms": NAMESPACES.dcterms,
  "xmlns:media": NAMESPACES.media,
  "xmlns:fh": NAMESPACES.fh,
});

const CHANNEL = "    ";
const CHILD = CHANNEL.repeat(2);
const ITEM_CHILD = CHANNEL.repeat(3);
const MEDIA_CHILD = CHANNEL.repeat(4);

/** An element whose text is escaped as feed@6 wrote it. */
const text = (name: string, value: string, attrs?: Attributes) => element(name, attrs, value, escapeXmlText);
/** What feed's sanitizeUrl makes of a URL: normalized by URL. */
const url = (value: string) => new URL(value).toString();
const date = (ms: number) => new Date(ms).toUTCString();

/** RSS 2.0 in three parts: the channel up to its items, one item, and what follows the items. */
export const RSS_SERIALIZER: FeedSerializer = {
  head(doc) {
    const children = [title(doc.title), text("link", url(doc.homeUrl)), text("description", doc.description)];
    children.push(
      text("lastBuildDate", date(doc.updated.ms)),
      text("docs", "https://www.rssboard.org/rss-specification"),
      text("generator", GENERATOR.name),
    );
    if (stripXmlInvalid(doc.language)) children.push(text("language", doc.language));
    children.push(...channelLinks(doc));
    const start = `${XML_DECLARATION}${stylesheetInstruction(FEED_STYLESHEET_PATH)}\n${RSS_ROOT}\n${CHANNEL}<channel>`;
    return start + children.map((child) => `\n${CHILD}${child}`).join("");
  },
  item: (doc, entry) => `\n${CHILD}${renderItem(doc, entry)}`,
  separator: "",
  tail: (doc) => `${doc.archive ? `\n${CHILD}${element("fh:archive")}` : ""}\n${CHANNEL}</channel>\n</rss>`,
};

export const renderRss = (doc: FeedDocument): string => renderFeedText(RSS_SERIALIZER, doc);

function channelLinks(doc: FeedDocument): string[] {
  const type = FEED_MEDIA_TYPE.rss;
  const links = [element("atom:link", { href: doc.self.rss, rel: "self", type })];
  if (doc.hubUrl) links.push(element("atom:link", { href: doc.hubUrl, rel: "hub" }));
  for (const rel of LINK_RELATIONS) {
    const href = doc.links[rel]?.rss;
    if (href) links.push(element("atom:link", { href, rel, type }));
  }
  return links;
}

function renderItem(doc: FeedDocument, entry: FeedEntry): string {
  const children: string[] = [];
  const itemTitle = stripXmlInvalid(entry.title);
  // Plain titles are CDATA, as feed writes every item title; markup-like ones follow the channel's rule.
  if (itemTitle)
    children.push(looksLikeMarkup(itemTitle) ? title(itemTitle) : cdataElement("title", itemTitle));
  if (entry.url) children.push(text("link", url(entry.url)));
  if (stripXmlInvalid(entry.id)) children.push(text("guid", entry.id, { isPermaLink: "false" }));
  else if (entry.url) children.push(text("guid", url(entry.url), { isPermaLink: "true" }));
  children.push(text("pubDate", date(entry.published.ms)));
  const content = entry.contentHtml === null ? "" : cdataElement("content:encoded", entry.contentHtml);
  if (content) children.push(content);
  if (entry.section.length > 0) {
    children.push(text("category", entry.section.join("/"), { domain: doc.sectionScheme }));
  }
  for (const tag of entry.tags) children.push(text("category", tag, { domain: doc.tagScheme }));
  for (const author of entry.authors) children.push(text("dc:creator", author.name));
  for (const editor of entry.editors) children.push(text("dc:contributor", editor.name));
  if (entry.language) children.push(text("dc:language", entry.language));
  if (entry.image) children.push(mediaContent(entry.image));
  // Not <source url>: that names the RSS channel an item came from, and the W3C validator warns
  // when an item has both. The source publication is Dublin Core's dc:source.
  if (entry.source) children.push(text("dc:source", entry.source.name));
  if (entry.printEdition) {
    children.push(text("dcterms:bibliographicCitation", printCitation(entry.printEdition, entry.source)));
  }
  // description is HTML by convention: the plain-text summary is escaped so readers show it verbatim.
  // It comes last: feedparser takes the last description-like element (media:description included)
  // as summary_detail, which rss2email mails; after the media caption, the summary wins.
  const description = entry.summary ? cdataElement("description", escapeXml(entry.summary)) : "";
  if (description) children.push(description);
  return parent("item", undefined, onLines(children, ITEM_CHILD, CHILD));
}

/** A title (of the channel or a markup-like item title): HTML-escaped when it looks like markup (rss-title.ts). */
function title(value: string): string {
  const clean = stripXmlInvalid(value);
  if (looksLikeMarkup(clean)) return parent("title", undefined, [escapedHtmlTitle(clean)]);
  return text("title", clean);
}

/** `<name><![CDATA[…]]></name>`; "" when nothing is left, which feed then omitted. */
function cdataElement(name: string, value: string): string {
  const section = cdata(value);
  return section ? parent(name, undefined, [section]) : "";
}

function mediaContent(image: NonNullable<FeedEntry["image"]>): string {
  const attrs = mediaContentAttributes(image);
  const media = [];
  if (image.caption) media.push(text("media:description", image.caption, { type: "plain" }));
  if (image.credit) media.push(text("media:credit", image.credit));
  if (media.length === 0) return element("media:content", attrs);
  return parent("media:content", attrs, onLines(media, MEDIA_CHILD, ITEM_CHILD));
}
