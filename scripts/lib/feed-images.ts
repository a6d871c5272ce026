// Lead-image candidates from the shapes real feeds use, and the choice between them. Newspapers' Media RSS
// often gives several `media:content url width` per item with neither `medium` nor `type`, so an
// untyped media object counts as an image unless its URL says it is a video, audio or document.

import { type FeedNode, htmlToText, textOf } from "./feed-text";

export interface ImageCandidate {
  url: string;
  type?: string;
  length?: number | string;
  width?: number | string;
  height?: number | string;
  caption?: string;
  credit?: string;
  alt?: string;
}

/** primary: media:content, image enclosures, JSON Feed images; thumbnails: media:thumbnail. */
export interface ImageCandidates {
  primary: ImageCandidate[];
  thumbnails: ImageCandidate[];
}

const NOT_AN_IMAGE = /\.(?:mp4|m4v|mov|webm|m3u8|mpd|flv|mp3|m4a|aac|ogg|oga|wav|pdf|docx?|zip)(?:[?#]|$)/i;
const IMAGE_FILE = /\.(?:jpe?g|png|gif|webp|avif|svg|bmp|tiff?)(?:[?#]|$)/i;

/**
 * Media RSS (item level, every media:group, thumbnails nested in media:content) → candidates.
 * `media`: feedsmith's `media` of an RSS item or Atom entry.
 */
export function mediaCandidates(media: FeedNode): ImageCandidates {
  const primary: ImageCandidate[] = [];
  const thumbnails: ImageCandidate[] = [];
  const scopes = [media ?? {}, ...(media?.groups ?? [])];
  for (const scope of scopes) {
    for (const content of scope.contents ?? []) {
      if (isImage(content.medium, content.type, content.url)) {
        primary.push({
          url: content.url,
          type: content.type,
          length: content.fileSize,
          width: content.width,
          height: content.height,
          caption: textOf(content.description ?? scope.description ?? media?.description),
          credit: textOf(content.credits?.[0] ?? scope.credits?.[0] ?? media?.credits?.[0]),
          alt: textOf(content.title ?? scope.title ?? media?.title),
        });
      }
      thumbnails.push(...(content.thumbnails ?? []).map(thumbnailOf));
    }
    thumbnails.push(...(scope.thumbnails ?? []).map(thumbnailOf));
  }
  return { primary, thumbnails: thumbnails.filter((t) => t.url) };
}

/** An enclosure (RSS `enclosure`, Atom `link rel=enclosure`) that is an image, or null. */
export function enclosureCandidate(
  url: string | undefined,
  type: string | undefined,
  length: number | undefined,
  caption?: string,
): ImageCandidate | null {
  if (!url || !(type ? /^image\//i.test(type) : IMAGE_FILE.test(url))) return null;
  return { url, type, length, caption };
}

/**
 * The largest primary candidate, else the largest thumbnail, else an `<img>` leading the body, which is
 * then taken out of the body so the page does not show it twice. "Largest": widest, then tallest, then
 * the bigger file; ties go to the first in the feed. `baseUrl` resolves a relative `<img src>`.
 */
export function chooseImage(
  { primary, thumbnails }: ImageCandidates,
  body: string,
  baseUrl: string | null,
): { image: ImageCandidate | null; body: string } {
  const best = largest(primary) ?? largest(thumbnails);
  if (best) return { image: best, body };
  const leading = leadingImage(body, baseUrl);
  return leading ?? { image: null, body };
}

function largest(candidates: ImageCandidate[]): ImageCandidate | null {
  const key = (c: ImageCandidate) => [Number(c.width) || 0, Number(c.height) || 0, Number(c.length) || 0];
  let best: ImageCandidate | null = null;
  for (const candidate of candidates) {
    if (!best) {
      best = candidate;
      continue;
    }
    const [a, b] = [key(candidate), key(best)];
    const i = a.findIndex((v, n) => v !== b[n]);
    if (i >= 0 && (a[i] ?? 0) > (b[i] ?? 0)) best = candidate;
  }
  return best;
}

function isImage(medium: string | undefined, type: string | undefined, url: string | undefined): boolean {
  if (!url) return false;
  if (medium) return medium === "image";
  if (type) return /^image\//i.test(type);
  return !NOT_AN_IMAGE.test(url);
}

function thumbnailOf(t: FeedNode): ImageCandidate {
  return { url: t.url, width: t.width, height: t.height };
}

const FIGURE =
  /^\s*<figure\b[^>]*>\s*(?:<a\b[^>]*>\s*)?<img\b([^>]*)>\s*(?:<\/a>\s*)?(?:<figcaption\b[^>]*>([\s\S]*?)<\/figcaption>\s*)?<\/figure>/i;
const WRAPPED_IMG = /^(\s*(?:<(?:p|div)\b[^>]*>\s*)?)(?:<a\b[^>]*>\s*)?<img\b([^>]*)>(?:\s*<\/a>)?/i;
const EMPTY_WRAPPER = /^\s*<(p|div)\b[^>]*>\s*<\/\1>/i;

function leadingImage(body: string, baseUrl: string | null): { image: ImageCandidate; body: string } | null {
  const figure = FIGURE.exec(body);
  const wrapped = figure ? null : WRAPPED_IMG.exec(body);
  if (!figure && !wrapped) return null;
  const attrs = attributesOf((figure ? figure[1] : wrapped?.[2]) ?? "");
  let url: string;
  try {
    url = new URL(attrs.src ?? "", baseUrl ?? undefined).href;
  } catch {
    return null;
  }
  // Only a picture the site can show as its lead image leaves the body.
  if (!/^https?:/i.test(url)) return null;
  const rest = figure
    ? body.slice(figure[0].length)
    : wrapped
      ? (wrapped[1] + body.slice(wrapped[0].length)).replace(EMPTY_WRAPPER, "")
      : body;
  const image = {
    url,
    width: attrs.width,
    height: attrs.height,
    alt: attrs.alt,
    caption: figure?.[2] ? htmlToText(figure[2]) : undefined,
  };
  return { image, body: rest.trimStart() };
}

function attributesOf(source: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const m of source.matchAll(/\b(src|alt|width|height)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))/gi)) {
    attrs[(m[1] ?? "").toLowerCase()] = htmlToText(m[2] ?? m[3] ?? m[4] ?? "");
  }
  return attrs;
}
