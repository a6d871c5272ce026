import type { FeedDocument, FeedEntry } from "./model";

/**
 * A feed format as the three parts of its document: everything before the entries, one entry, and
 * everything after them. An entry's text depends only on the entry and the site-wide parts of the
 * document (schemes, language), never on its position or neighbours, so it can be encoded once and
 * reused (feed-bytes.ts).
 */
export interface FeedSerializer {
  head(doc: FeedDocument): string;
  item(doc: FeedDocument, entry: FeedEntry): string;
  /** Written between two entries (JSON's comma). */
  separator: string;
  tail(doc: FeedDocument): string;
}

/** The whole document as one string. */
export function renderFeedText(serializer: FeedSerializer, doc: FeedDocument): string {
  const items = doc.entries.map((entry) => serializer.item(doc, entry));
  return serializer.head(doc) + items.join(serializer.separator) + serializer.tail(doc);
}
