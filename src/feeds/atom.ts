import { formatRfc3339 } from "../lib/time";
import { FEED_STYLESHEET_PATH } from "../render/feed-css";
import { type FeedSerializer, renderFeedText } from "./feed-serializer";
import {
  FEED_MEDIA_TYPE,
  type FeedDocument,
  type FeedEntry,
  GENERATOR,
  type Instant,
  LINK_RELATIONS,
  printCitation,
} from "./model";
import { element, onLines, parent, startTag, stylesheetInstruction, XML_DECLARATION } from "./xml";
import { mediaContentAttributes, NAMESPACES } from "./xml-vocabulary";

const date = (instant: Instant) => formatRfc3339(instant.ms, instant.offsetMinutes);

/** Atom 1.0 (RFC 4287) with RFC 5005 paging/archive links. Text constructs are type="text" or escaped "html". */
export const ATOM_SERIALIZER: FeedSerializer = {
  head: atomHead,
  item: (doc, entry) => `\n${renderEntry(doc, entry)}`,
  separator: "",
  tail: () => "\n</feed>\n",
};

export const renderAtom = (doc: FeedDocument): string => renderFeedText(ATOM_SERIALIZER, doc);

/** The declarations, the root start tag and the feed's own elements, each on its line. */
function atomHead(doc: FeedDocument): string {
  const type = FEED_MEDIA_TYPE.atom;
  const head = [
    element("id", undefined, doc.id),
    element("title", { type: "text" }, doc.title),
    element("subtitle", { type: "text" }, doc.description),
    element("updated", undefined, date(doc.updated)),
    element("link", { rel: "self", href: doc.self.atom, type }),
    element("link", { rel: "alternate", href: doc.homeUrl, type: "text/html" }),
  ];
  if (doc.hubUrl) head.push(element("link", { rel: "hub", href: doc.hubUrl }));
  for (const rel of LINK_RELATIONS) {
    const href = doc.links[rel]?.atom;
    if (href) head.push(element("link", { rel, href, type }));
  }
  if (doc.archive) head.push(element("fh:archive"));
  head.push(
    element("icon", undefined, doc.iconUrl),
    element("generator", { version: GENERATOR.version }, GENERATOR.name),
    // Entries without authors inherit this one, which keeps every entry valid.
    parent("author", undefined, [
      element("name", undefined, doc.publisher.name),
      element("uri", undefined, doc.publisher.url),
    ]),
  );
  const root = {
    xmlns: NAMESPACES.atom,
    "xmlns:media": NAMESPACES.media,
    "xmlns:dc": NAMESPACES.dc,
    "xmlns:dcterms": NAMESPACES.dcterms,
    "xmlns:fh": NAMESPACES.fh,
    "xml:lang": doc.language,
  };
  const stylesheet = stylesheetInstruction(FEED_STYLESHEET_PATH);
  const start = `${XML_DECLARATION}\n${stylesheet}\n${startTag("feed", root)}`;
  return start + head.map((child) => `\n${child}`).join("");
}

function renderEntry(doc: FeedDocument, entry: FeedEntry): string {
  const children = [
    element("id", undefined, entry.id),
    element("title", { type: "text" }, entry.title),
    element("link", { rel: "alternate", href: entry.url, type: "text/html" }),
    element("published", undefined, date(entry.published)),
    element("updated", undefined, date(entry.updated)),
  ];
  for (const author of entry.authors) {
    const parts = [element("name", undefined, author.name)];
    if (author.url) parts.push(element("uri", undefined, author.url));
    children.push(parent("author", undefined, parts));
  }
  for (const editor of entry.editors) {
    children.push(parent("contributor", undefined, [element("name", undefined, editor.name)]));
  }
  if (entry.section.length > 0) {
    children.push(element("category", { term: entry.section.join("/"), scheme: doc.sectionScheme }));
  }
  for (const tag of entry.tags) children.push(element("category", { term: tag, scheme: doc.tagScheme }));
  if (entry.contentHtml !== null) children.push(element("content", { type: "html" }, entry.contentHtml));
  if (entry.image) {
    const { image } = entry;
    const media = [];
    if (image.caption) media.push(element("media:description", { type: "plain" }, image.caption));
    if (image.credit) media.push(element("media:credit", undefined, image.credit));
    const attrs = mediaContentAttributes(image);
    children.push(media.length > 0 ? parent("media:content", attrs, media) : element("media:content", attrs));
  }
  if (entry.source) children.push(element("dc:source", undefined, entry.source.name));
  if (entry.printEdition) {
    children.push(
      element("dcterms:bibliographicCitation", undefined, printCitation(entry.printEdition, entry.source)),
    );
  }
  // Last, after media:description: feedparser takes the last description-like element as summary_detail.
  if (entry.summary) children.push(element("summary", { type: "text" }, entry.summary));
  const attrs = entry.language ? { "xml:lang": entry.language } : undefined;
  return parent("entry", attrs, onLines(children, "  "));
}
