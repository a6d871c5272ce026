import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { requireScope, requireToken } from "../auth/middleware";
import { type AppEnv, createRouter } from "../env";
import { problem } from "../lib/problem";
import { absoluteUrl } from "../lib/site";
import {
  fileProblem,
  MAX_MEDIA_BYTES,
  MEDIA_CACHE_CONTROL,
  MEDIA_KEY_PATTERN,
  mediaEtag,
  type StoredMedia,
  storeImage,
  tooLarge,
} from "../services/media";

// Room for multipart boundaries and part headers around a maximal image.
const MULTIPART_OVERHEAD = 64 * 1024;

// ── POST /api/v1/media — upload an image (raw body or multipart field "file") ──
export const mediaUpload = createRouter();

mediaUpload.post(
  "/",
  requireToken,
  requireScope("articles:write"),
  async (c, next) => {
    const declared = Number(c.req.header("content-length") ?? "0");
    if (declared > MAX_MEDIA_BYTES + MULTIPART_OVERHEAD) throw tooLarge();
    await next();
  },
  bodyLimit({
    maxSize: MAX_MEDIA_BYTES + MULTIPART_OVERHEAD,
    onError: () => {
      throw tooLarge();
    },
  }),
  async (c) => {
    const bytes = await readUpload(c);
    const stored = await storeImage(c.env.MEDIA, bytes, c.var.token?.id ?? null);
    return mediaCreated(c, stored);
  },
);

export async function readUpload(c: Context<AppEnv>): Promise<Uint8Array> {
  const contentType = (c.req.header("content-type") ?? "").toLowerCase();
  if (contentType.startsWith("multipart/form-data")) {
    const form = await c.req.formData();
    const file = form.get("file");
    if (!file || typeof file === "string") {
      const detail = 'Send the image in a multipart field named "file".';
      const title = "The request body failed validation";
      throw fileProblem({ status: 422, type: "validation-failed", title, detail }, "is required");
    }
    return new Uint8Array(await file.arrayBuffer());
  }
  if (contentType.startsWith("image/") || contentType.startsWith("application/octet-stream")) {
    return new Uint8Array(await c.req.arrayBuffer());
  }
  throw problem({
    status: 415,
    type: "unsupported-media-type",
    title: "Unsupported media type",
    detail: "Send the image as the raw body with an image/* Content-Type, or as multipart/form-data.",
    headers: {
      "accept-post": "image/jpeg, image/png, image/webp, image/gif, image/avif, multipart/form-data",
    },
  });
}

export function mediaCreated(c: Context<AppEnv>, stored: StoredMedia) {
  const href = absoluteUrl(c.var.site, stored.path);
  c.header("location", href);
  return c.json(
    {
      url: stored.path,
      href,
      key: stored.key,
      type: stored.type,
      length: stored.length,
      width: stored.width ?? null,
      height: stored.height ?? null,
      image: {
        url: stored.path,
        type: stored.type,
        length: stored.length,
        ...(stored.width ? { width: stored.width, height: stored.height } : {}),
      },
    },
    201,
  );
}

// ── GET /media/:key — the stored bytes, cacheable forever ──
export const mediaFiles = createRouter();

mediaFiles.get("/:key", async (c) => {
  const key = c.req.param("key");
  if (!MEDIA_KEY_PATTERN.test(key)) throw notFound();
  const etag = mediaEtag(key);
  const headers = { etag, "cache-control": MEDIA_CACHE_CONTROL, "x-content-type-options": "nosniff" };
  const ifNoneMatch = c.req.header("if-none-match");
  if (ifNoneMatch?.split(",").some((t) => t.trim() === etag || t.trim() === `W/${etag}`)) {
    // The ETag derives from the key alone: only an object that exists may be "not modified".
    if (!(await c.env.MEDIA.head(key))) throw notFound();
    return c.body(null, 304, headers);
  }
  const object = await c.env.MEDIA.get(key);
  if (!object) throw notFound();
  return c.body(object.body, 200, {
    ...headers,
    "content-type": object.httpMetadata?.contentType ?? "application/octet-stream",
    "content-length": String(object.size),
    "content-security-policy": "default-src 'none'",
  });
});

function notFound() {
  return problem({ status: 404, type: "not-found", title: "Media not found" });
}
