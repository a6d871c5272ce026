import { type ImageInfo, sniffImage } from "../lib/image-info";
import { type ProblemInit, problem } from "../lib/problem";
import { sha256Hex } from "../lib/sha256";

export const MAX_MEDIA_BYTES = 10 * 1024 * 1024;
export const MEDIA_PATH_PREFIX = "/media/";
export const MEDIA_KEY_PATTERN = /^[0-9a-f]{32}\.(?:jpg|png|webp|gif|avif)$/;
// Keys are content hashes, so a URL's bytes never change: caches may keep them for a year.
export const MEDIA_CACHE_CONTROL = "public, max-age=31536000, immutable";

export interface StoredMedia {
  key: string;
  /** Root-relative URL to store in an article's image.url (independent of the site's domain). */
  path: string;
  type: ImageInfo["type"];
  length: number;
  width?: number;
  height?: number;
}

export interface PreparedImage extends StoredMedia {
  bytes: Uint8Array;
}

/**
 * Checks one image and derives its key from the content, so uploading the same bytes twice yields
 * the same URL and no second object. Nothing is written yet: see saveImage.
 */
export async function prepareImage(bytes: Uint8Array): Promise<PreparedImage> {
  if (bytes.length === 0) {
    throw fileProblem({ status: 422, type: "validation-failed", title: "Empty upload" }, "must not be empty");
  }
  if (bytes.length > MAX_MEDIA_BYTES) throw tooLarge();
  const info = sniffImage(bytes);
  if (!info) {
    throw fileProblem(
      {
        status: 415,
        type: "unsupported-media-type",
        title: "Unsupported image type",
        detail: "Upload a JPEG, PNG, WebP, GIF or AVIF image (the type is read from the file's bytes).",
      },
      "is not a JPEG, PNG, WebP, GIF or AVIF image",
    );
  }
  const hex = await sha256Hex(bytes);
  const key = `${hex.slice(0, 32)}.${info.extension}`;
  const size = info.width && info.height ? { width: info.width, height: info.height } : {};
  return { key, path: `${MEDIA_PATH_PREFIX}${key}`, type: info.type, length: bytes.length, ...size, bytes };
}

export async function saveImage(bucket: R2Bucket, image: PreparedImage, uploadedBy: string | null) {
  if (await bucket.head(image.key)) return;
  await bucket.put(image.key, image.bytes, {
    httpMetadata: { contentType: image.type, cacheControl: MEDIA_CACHE_CONTROL },
    customMetadata: {
      ...(image.width ? { width: String(image.width), height: String(image.height) } : {}),
      ...(uploadedBy ? { uploadedBy } : {}),
    },
  });
}

export async function storeImage(bucket: R2Bucket, bytes: Uint8Array, uploadedBy: string | null) {
  const { bytes: _bytes, ...stored } = await prepareImage(bytes);
  await saveImage(bucket, { ...stored, bytes }, uploadedBy);
  return stored;
}

/** What we know about an uploaded image from its URL (ours only), for feed enclosures. */
export async function describeStoredImage(bucket: R2Bucket, path: string): Promise<StoredMedia | null> {
  if (!path.startsWith(MEDIA_PATH_PREFIX)) return null;
  const key = path.slice(MEDIA_PATH_PREFIX.length);
  if (!MEDIA_KEY_PATTERN.test(key)) return null;
  const object = await bucket.head(key);
  if (!object) return null;
  const width = Number(object.customMetadata?.width);
  const height = Number(object.customMetadata?.height);
  return {
    key,
    path,
    type: (object.httpMetadata?.contentType ?? "image/jpeg") as StoredMedia["type"],
    length: object.size,
    ...(width > 0 && height > 0 ? { width, height } : {}),
  };
}

export function mediaEtag(key: string): string {
  return `"${key.slice(0, 32)}"`;
}

/** A problem with the uploaded file, pointing at it (`/file`, the multipart field or the raw body). */
export function fileProblem(init: Omit<ProblemInit, "errors">, fileDetail: string) {
  return problem({ ...init, errors: [{ pointer: "/file", detail: fileDetail }] });
}

export function tooLarge() {
  return problem({
    status: 413,
    type: "payload-too-large",
    title: "Image too large",
    detail: `Images may be at most ${MAX_MEDIA_BYTES} bytes (10 MB).`,
  });
}
