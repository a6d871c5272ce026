import { stripXmlInvalid } from "../lib/text";
import { formatRfc3339 } from "../lib/time";
import { type FeedSerializer, renderFeedText } from "./feed-serializer";
import { type FeedDocument, type FeedEntry, type Instant, printCitation } from "./model";
import { normalizeLineEnds } from "./xml";

const date = (instant: Instant) => formatRfc3339(instant.ms, instant.offsetMinutes);

/** Drops absent optional members so the output has no nulls the schema would reject. */
function compact<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined && v !== null),
  ) as Partial<T>;
}

const nonEmptyObject = <T extends object>(value: T): T | undefined =>
  Object.keys(value).length > 0 ? value : undefined;

const nonEmpty = <T>(list: readonly T[]): T[] | undefined => (list.length > 0 ? [...list] : undefined);

// One render-time guard for JSON too: a string the XML formats would lose is lost here as well,
// so all three formats carry the same text.
const clean = (_key: string, value: unknown) =>
  typeof value === "string" ? normalizeLineEnds(stripXmlInvalid(value)) : value;

/**
 * JSON Feed 1.1. RFC 5005 has no JSON form: paging uses next_url (for an archive document, the
 * older archive), the other relations sit in the `_news` extension.
 */
export const JSON_FEED_SERIALIZER: FeedSerializer = {
  head(doc) {
    // `items` is the last member: the object without it, reopened, is everything before the first item.
    const head = JSON.stringify(feedWithoutItems(doc), clean);
    return `${head.slice(0, -1)},"items":[`;
  },
  item: (_doc, entry) => JSON.stringify(renderItem(entry), clean),
  separator: ",",
  tail: () => "]}",
};

export const renderJsonFeed = (doc: FeedDocument): string => renderFeedText(JSON_FEED_SERIALIZER, doc);

function feedWithoutItems(doc: FeedDocument) {
  const link = (rel: keyof FeedDocument["links"]) => doc.links[rel]?.json;
  const next = doc.archive ? link("prev-archive") : link("next");
  return compact({
    version: "https://jsonfeed.org/version/1.1",
    title: doc.title,
    home_page_url: doc.homeUrl,
    feed_url: doc.subscription.json,
    description: doc.description,
    favicon: doc.iconUrl,
    language: doc.language,
    authors: [{ name: doc.publisher.name, url: doc.publisher.url }],
    hubs: doc.hubUrl ? [{ type: "WebSub", url: doc.hubUrl }] : undefined,
    next_url: next,
    _news: feedExtension(doc),
  });
}

function feedExtension(doc: FeedDocument) {
  const extension = compact({
    self_url: doc.self.json,
    archive: doc.archive || undefined,
    updated: date(doc.updated),
    first_url: doc.links.first?.json,
    previous_url: doc.links.previous?.json,
    current_url: doc.links.current?.json,
    prev_archive_url: doc.links["prev-archive"]?.json,
    next_archive_url: doc.links["next-archive"]?.json,
  });
  return extension;
}

function renderItem(entry: FeedEntry) {
  return compact({
    id: entry.id,
    url: entry.url,
    title: entry.title,
    content_html: entry.contentHtml ?? undefined,
    // JSON Feed 1.1 wants content_html or content_text in every item: an excerpt carries the summary.
    content_text: entry.contentHtml === null ? entry.summary || entry.title : undefined,
    summary: entry.summary || undefined,
    image: entry.image?.url,
    date_published: date(entry.published),
    date_modified: date(entry.updated),
    authors: nonEmpty(entry.authors.map((a) => compact({ name: a.name, url: a.url }))),
    tags: nonEmpty(entry.tags),
    language: entry.language,
    _news: nonEmptyObject(
      compact({
        subtitle: entry.subtitle,
        section: nonEmpty(entry.section),
        authors: entry.authors.some((a) => a.title) ? entry.authors : undefined,
        editors: nonEmpty(entry.editors),
        source: entry.source,
        printEdition: entry.printEdition
          ? { ...entry.printEdition, citation: printCitation(entry.printEdition, entry.source) }
          : undefined,
        image: entry.image
          ? nonEmptyObject(
              compact({
                caption: entry.image.caption,
                credit: entry.image.credit,
                alt: entry.image.alt,
                width: entry.image.width,
                height: entry.image.height,
                mime_type: entry.image.type,
                size_in_bytes: entry.image.length,
              }),
            )
          : undefined,
      }),
    ),
  });
}
