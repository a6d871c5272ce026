// Per-format readers: one feedsmith item → the same neutral shape, whatever the format.
import { enclosureCandidate, type ImageCandidates, mediaCandidates } from "./feed-images";
import { type FeedNode, htmlToText, textOf, textToHtml } from "./feed-text";

/** One item, whatever its format: what feed-map turns into an article. */
export interface RawItem {
  id: unknown;
  link: string | undefined;
  title: unknown;
  body: string;
  summary: string | undefined;
  categories: unknown[];
  authors: FeedNode[];
  images: ImageCandidates;
  source: { name?: string; url?: string } | null;
  published: unknown;
  updated: unknown;
  language: string | undefined;
}

export function fromRss(item: FeedNode): RawItem {
  const media = mediaCandidates(item.media);
  const enclosures = (item.enclosures ?? []).map((e: FeedNode) =>
    enclosureCandidate(e.url, e.type, e.length, textOf(item.media?.description)),
  );
  media.primary.push(...enclosures.filter((e: FeedNode) => e !== null));
  const encoded = item.content?.encoded;
  return {
    id: item.guid?.value,
    link: item.link,
    title: item.title,
    body: encoded ?? item.description ?? "",
    summary: encoded ? item.description : undefined,
    categories: (item.categories ?? []).map((c: FeedNode) => c.name),
    authors: [...(item.dc?.creators ?? (item.dc?.creator ? [item.dc.creator] : [])), ...(item.authors ?? [])],
    images: media,
    source: item.source ? { name: item.source.title, url: item.source.url } : null,
    published: item.pubDate ?? item.dc?.date ?? item.dc?.dates?.[0],
    updated: item.atom?.updated ?? item.dcterms?.modified,
    language: item.dc?.language,
  };
}

export function fromAtom(entry: FeedNode): RawItem {
  const media = mediaCandidates(entry.media);
  const enclosures = (entry.links ?? [])
    .filter((l: FeedNode) => l.rel === "enclosure")
    .map((l: FeedNode) => enclosureCandidate(l.href, l.type, l.length));
  media.primary.push(...enclosures.filter((e: FeedNode) => e !== null));
  const content = entry.content;
  const body = content
    ? content.type === "text"
      ? textToHtml(content.value ?? "")
      : (content.value ?? "")
    : "";
  return {
    id: entry.id,
    link: alternate(entry.links),
    title:
      entry.title?.type === "html" || entry.title?.type === "xhtml"
        ? htmlToText(entry.title.value ?? "")
        : textOf(entry.title),
    body: body || (entry.summary ? htmlOrText(entry.summary) : ""),
    summary: entry.summary && body ? htmlOrText(entry.summary) : undefined,
    categories: (entry.categories ?? []).map((c: FeedNode) => c.label ?? c.term),
    authors: (entry.authors ?? []).map((a: FeedNode) => ({ name: a.name, url: a.uri })),
    images: media,
    source: null,
    published: entry.published ?? entry.updated,
    updated: entry.updated,
    language: entry.xml?.lang,
  };
}

export function fromJson(item: FeedNode): RawItem {
  const attachments = (item.attachments ?? [])
    .filter((a: FeedNode) => /^image\//.test(a.mime_type ?? ""))
    .map((a: FeedNode) => ({ url: a.url, type: a.mime_type, length: a.size_in_bytes }));
  // JSON Feed names its main image, so there is nothing to compare: image, else banner, else attachment.
  const url = item.image ?? item.banner_image ?? attachments[0]?.url;
  const primary = url ? [attachments.find((a: FeedNode) => a.url === url) ?? { url }] : [];
  return {
    id: item.id,
    link: item.url ?? item.external_url,
    title: item.title,
    body: item.content_html ?? textToHtml(item.content_text ?? ""),
    summary: item.summary,
    categories: item.tags ?? [],
    authors: item.authors ?? (item.author ? [item.author] : []),
    images: { primary, thumbnails: [] },
    source: null,
    published: item.date_published ?? item.date_modified,
    updated: item.date_modified,
    language: item.language,
  };
}

export function alternate(links: FeedNode): string | undefined {
  const link = (links ?? []).find((l: FeedNode) => !l.rel || l.rel === "alternate");
  return link?.href;
}

function htmlOrText(construct: FeedNode): string {
  const value = textOf(construct) ?? "";
  return construct?.type === "text" ? textToHtml(value) : value;
}
