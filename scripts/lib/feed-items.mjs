// Per-format readers: one feedsmith item → the same neutral shape, whatever the format.

export function fromRss(item) {
  const media = [...(item.media?.contents ?? []), ...(item.media?.group?.contents ?? [])];
  const photo = media.find((m) => m.medium === "image" || /^image\//.test(m.type ?? ""));
  const enclosure = (item.enclosures ?? []).find((e) => /^image\//.test(e.type ?? ""));
  const thumbnail = item.media?.thumbnails?.[0];
  const image = photo
    ? {
        url: photo.url,
        type: photo.type,
        length: photo.fileSize,
        width: photo.width,
        height: photo.height,
        caption: textOf(photo.description ?? item.media?.description),
        credit: textOf(photo.credits?.[0]),
        alt: textOf(photo.title ?? item.media?.title),
      }
    : enclosure
      ? {
          url: enclosure.url,
          type: enclosure.type,
          length: enclosure.length,
          caption: textOf(item.media?.description),
        }
      : thumbnail
        ? { url: thumbnail.url, width: thumbnail.width, height: thumbnail.height }
        : null;
  const encoded = item.content?.encoded;
  return {
    id: item.guid?.value,
    link: item.link,
    title: item.title,
    body: encoded ?? item.description ?? "",
    summary: encoded ? item.description : undefined,
    categories: (item.categories ?? []).map((c) => c.name),
    authors: [...(item.dc?.creators ?? (item.dc?.creator ? [item.dc.creator] : [])), ...(item.authors ?? [])],
    image,
    source: item.source ? { name: item.source.title, url: item.source.url } : null,
    published: item.pubDate ?? item.dc?.date ?? item.dc?.dates?.[0],
    updated: item.atom?.updated ?? item.dcterms?.modified,
    language: item.dc?.language,
  };
}

export function fromAtom(entry) {
  const enclosure = (entry.links ?? []).find((l) => l.rel === "enclosure" && /^image\//.test(l.type ?? ""));
  const photo = (entry.media?.contents ?? []).find(
    (m) => m.medium === "image" || /^image\//.test(m.type ?? ""),
  );
  const image = photo
    ? {
        url: photo.url,
        type: photo.type,
        length: photo.fileSize,
        width: photo.width,
        height: photo.height,
        caption: textOf(photo.description ?? entry.media?.description),
      }
    : enclosure
      ? { url: enclosure.href, type: enclosure.type, length: enclosure.length }
      : null;
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
    image,
    source: null,
    published: entry.published ?? entry.updated,
    updated: entry.updated,
    language: entry.xml?.lang,
  };
}

export function fromJson(item) {
  const attachment = (item.attachments ?? []).find((a) => /^image\//.test(a.mime_type ?? ""));
  const url = item.image ?? item.banner_image ?? attachment?.url;
  return {
    id: item.id,
    link: item.url ?? item.external_url,
    title: item.title,
    body: item.content_html ?? textToHtml(item.content_text ?? ""),
    summary: item.summary,
    categories: item.tags ?? [],
    authors: item.authors ?? (item.author ? [item.author] : []),
    image: url
      ? {
          url,
          ...(attachment && attachment.url === url
            ? { type: attachment.mime_type, length: attachment.size_in_bytes }
            : {}),
        }
      : null,
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

export function textOf(value) {
  if (value == null) return undefined;
  if (typeof value === "string") return value;
  return typeof value.value === "string" ? value.value : undefined;
}

function htmlOrText(construct) {
  const value = textOf(construct) ?? "";
  return construct?.type === "text" ? textToHtml(value) : value;
}

export function htmlToText(html) {
  return decodeEntities(String(html).replace(/<[^>]*>/g, " "))
    .replace(/\s+/g, " ")
    .trim();
}

function decodeEntities(s) {
  const named = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e) => {
    if (e[0] === "#") {
      const code = e[1] === "x" || e[1] === "X" ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1));
      return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : m;
    }
    return named[e.toLowerCase()] ?? m;
  });
}

export function textToHtml(text) {
  const escapeHtml = (s) =>
    s.replace(/[&<>"]/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[ch]);
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${escapeHtml(p).replace(/\r?\n/g, "<br>")}</p>`)
    .join("");
}
