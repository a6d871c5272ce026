// Per-format readers: one feedsmith item → the same neutral shape, whatever the format.
import { enclosureCandidate, mediaCandidates } from "./feed-images.mjs";
import { htmlToText, textOf, textToHtml } from "./feed-text.mjs";

export function fromRss(item) {
  const media = mediaCandidates(item.media);
  const enclosures = (item.enclosures ?? []).map((e) =>
    enclosureCandidate(e.url, e.type, e.length, textOf(item.media?.description)),
  );
  media.primary.push(...enclosures.filter((e) => e !== null));
  const encoded = item.content?.encoded;
  return {
    id: item.guid?.value,
    link: item.link,
    title: item.title,
    body: encoded ?? item.description ?? "",
    summary: encoded ? item.description : undefined,
    categories: (item.categories ?? []).map((c) => c.name),
    authors: [...(item.dc?.creators ?? (item.dc?.creator ? [item.dc.creator] : [])), ...(item.authors ?? [])],
    images: media,
    source: item.source ? { name: item.source.title, url: item.source.url } : null,
    published: item.pubDate ?? item.dc?.date ?? item.dc?.dates?.[0],
    updated: item.atom?.updated ?? item.dcterms?.modified,
    language: item.dc?.language,
  };
}

export function fromAtom(entry) {
  const media = mediaCandidates(entry.media);
  const enclosures = (entry.links ?? [])
    .filter((l) => l.rel === "enclosure")
    .map((l) => enclosureCandidate(l.href, l.type, l.length));
  media.primary.push(...enclosures.filter((e) => e !== null));
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
    categories: (entry.categories ?? []).map((c) => c.label ?? c.term),
    authors: (entry.authors ?? []).map((a) => ({ name: a.name, url: a.uri })),
    images: media,
    source: null,
    published: entry.published ?? entry.updated,
    updated: entry.updated,
    language: entry.xml?.lang,
  };
}

export function fromJson(item) {
  const attachments = (item.attachments ?? [])
    .filter((a) => /^image\//.test(a.mime_type ?? ""))
    .map((a) => ({ url: a.url, type: a.mime_type, length: a.size_in_bytes }));
  // JSON Feed names its main image, so there is nothing to compare: image, else banner, else attachment.
  const url = item.image ?? item.banner_image ?? attachments[0]?.url;
  const primary = url ? [attachments.find((a) => a.url === url) ?? { url }] : [];
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

export function alternate(links) {
  const link = (links ?? []).find((l) => !l.rel || l.rel === "alternate");
  return link?.href;
}

function htmlOrText(construct) {
  const value = textOf(construct) ?? "";
  return construct?.type === "text" ? textToHtml(value) : value;
}
