import { stripXmlInvalid } from "../lib/text";
import { FEED_STYLESHEET_PATH } from "../render/feed-css";
import { NAMESPACES } from "./atom";
import {
  FEED_MEDIA_TYPE,
  type FeedDocument,
  type FeedEntry,
  GENERATOR,
  LINK_RELATIONS,
  printCitation,
} from "./model";
import { escapedHtmlTitle, looksLikeMarkup } from "./rss-title";
import { escapeXml, escapeXmlAttribute } from "./xml";

// RSS 2.0 written directly. The bytes are those feed@6's rss2() (xml-js, 4-space indent) produced
// with our corrections (rss-reference.ts, kept as the test oracle): same element order, same
// escaping, same omissions. feed's object tree + xml-js cost ~4x the CPU of this string building.

export const RSS_ROOT =
  `<rss version="2.0" xmlns:atom="${NAMESPACES.atom}" xmlns:content="http://purl.org/rss/1.0/modules/content/"` +
  ` xmlns:dc="${NAMESPACES.dc}" xmlns:dcterms="${NAMESPACES.dcterms}" xmlns:media="${NAMESPACES.media}"` +
  ` xmlns:fh="${NAMESPACES.fh}">`;

/** Browsers show a styled page with a "this is a feed" note; readers ignore the instruction. */
const STYLESHEET_PI = `<?xml-stylesheet href="${FEED_STYLESHEET_PATH}" type="text/css"?>`;
const CDATA_END_SPLIT = "]]]]><![CDATA[>";
const TEXT_SPECIAL = /[&<>]/;

/** xml-js text: only &, < and > are escaped. */
function text(s: string): string {
  const clean = stripXmlInvalid(s);
  if (!TEXT_SPECIAL.test(clean)) return clean;
  return clean.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/** CDATA content, every `]]>` split; "" when nothing is left (feed then omits the element). */
const cdataContent = (s: string) => stripXmlInvalid(s).replaceAll("]]>", CDATA_END_SPLIT);

/** What feed's sanitizeUrl + xml-js make of a URL: normalized by URL, then text-escaped. */
const url = (s: string) => text(new URL(s).toString());

/** xml-js writes attribute values as given, escaping only '"'; absent values are skipped. */
function rawAttr(name: string, value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  // U+0001 is the reference's CDATA marker; its post-processing rewrote it everywhere.
  return ` ${name}="${String(value).replaceAll('"', "&quot;").replaceAll("\u0001", CDATA_END_SPLIT)}"`;
}

const attr = (name: string, value: string) => ` ${name}="${escapeXmlAttribute(value)}"`;

const I1 = "\n    ";
const I2 = "\n        ";
const I3 = "\n            ";
const I4 = "\n                ";

export function renderRss(doc: FeedDocument): string {
  let out = `<?xml version="1.0" encoding="utf-8"?>${STYLESHEET_PI}\n${RSS_ROOT}${I1}<channel>`;
  // Scope titles carry editors' tag and author names: the same title rule as items.
  const title = stripXmlInvalid(doc.title);
  out += `${I2}<title>${looksLikeMarkup(title) ? escapedHtmlTitle(title) : text(title)}</title>`;
  out += `${I2}<link>${url(doc.homeUrl)}</link>`;
  out += `${I2}<description>${text(doc.description)}</description>`;
  out += `${I2}<lastBuildDate>${new Date(doc.updated.ms).toUTCString()}</lastBuildDate>`;
  out += `${I2}<docs>https://www.rssboard.org/rss-specification</docs>`;
  out += `${I2}<generator>${text(GENERATOR.name)}</generator>`;
  const language = text(doc.language);
  if (language) out += `${I2}<language>${language}</language>`;
  out += channelLinks(doc);
  for (const entry of doc.entries) out += renderItem(doc, entry);
  if (doc.archive) out += `${I2}<fh:archive/>`;
  return `${out}${I1}</channel>\n</rss>`;
}

function channelLinks(doc: FeedDocument): string {
  const type = FEED_MEDIA_TYPE.rss;
  const link = (rel: string, href: string, mediaType?: string) =>
    `${I2}<atom:link${attr("href", href)}${rawAttr("rel", rel)}${rawAttr("type", mediaType)}/>`;
  let out = link("self", doc.self.rss, type);
  if (doc.hubUrl) out += link("hub", doc.hubUrl);
  for (const rel of LINK_RELATIONS) {
    const href = doc.links[rel]?.rss;
    if (href) out += link(rel, href, type);
  }
  return out;
}

function renderItem(doc: FeedDocument, entry: FeedEntry): string {
  let out = `${I2}<item>`;
  out += itemTitle(entry.title);
  if (entry.url) out += `${I3}<link>${url(entry.url)}</link>`;
  const guid = text(entry.id);
  if (guid) out += `${I3}<guid isPermaLink="false">${guid}</guid>`;
  else if (entry.url) out += `${I3}<guid isPermaLink="true">${url(entry.url)}</guid>`;
  out += `${I3}<pubDate>${new Date(entry.published.ms).toUTCString()}</pubDate>`;
  const content = cdataContent(entry.contentHtml);
  if (content) out += `${I3}<content:encoded><![CDATA[${content}]]></content:encoded>`;
  if (entry.section.length > 0) out += category(doc.sectionScheme, entry.section.join("/"));
  for (const tag of entry.tags) out += category(doc.tagScheme, tag);
  for (const author of entry.authors) out += `${I3}<dc:creator>${text(author.name)}</dc:creator>`;
  for (const editor of entry.editors) out += `${I3}<dc:contributor>${text(editor.name)}</dc:contributor>`;
  if (entry.language) out += `${I3}<dc:language>${text(entry.language)}</dc:language>`;
  if (entry.image) out += mediaContent(entry.image);
  // Not <source url>: that names the RSS channel an item came from, and the W3C validator warns
  // when an item has both. The source publication is Dublin Core's dc:source.
  if (entry.source) out += `${I3}<dc:source>${text(entry.source.name)}</dc:source>`;
  if (entry.printEdition) {
    const citation = text(printCitation(entry.printEdition, entry.source));
    out += `${I3}<dcterms:bibliographicCitation>${citation}</dcterms:bibliographicCitation>`;
  }
  // description is HTML by convention: the plain-text summary is escaped so readers show it verbatim.
  // It comes last: feedparser takes the last description-like element (media:description included)
  // as summary_detail, which rss2email mails; after the media caption, the summary wins.
  const description = entry.summary ? cdataContent(escapeXml(entry.summary)) : "";
  if (description) out += `${I3}<description><![CDATA[${description}]]></description>`;
  return `${out}${I2}</item>`;
}

function itemTitle(title: string): string {
  const clean = stripXmlInvalid(title);
  if (!clean) return "";
  if (looksLikeMarkup(clean)) return `${I3}<title>${escapedHtmlTitle(clean)}</title>`;
  return `${I3}<title><![CDATA[${cdataContent(clean)}]]></title>`;
}

const category = (domain: string, name: string) =>
  `${I3}<category${attr("domain", domain)}>${text(name)}</category>`;

function mediaContent(image: NonNullable<FeedEntry["image"]>): string {
  const open =
    `${I3}<media:content${attr("url", image.url)} medium="image"${rawAttr("type", image.type)}` +
    `${rawAttr("fileSize", image.length)}${rawAttr("width", image.width)}${rawAttr("height", image.height)}`;
  let children = "";
  if (image.caption) {
    children += `${I4}<media:description type="plain">${text(image.caption)}</media:description>`;
  }
  if (image.credit) children += `${I4}<media:credit>${text(image.credit)}</media:credit>`;
  return children ? `${open}>${children}${I3}</media:content>` : `${open}/>`;
}
