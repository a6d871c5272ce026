import type * as z from "zod/mini";
import { findArticleBySlug } from "../db/article-queries";
import type { Db } from "../db/client";
import { tagsInUse } from "../db/tag-queries";
import type { ArticleRow, Image } from "../domain/article";
import { type CreateArticleInput, createArticleSchema, updateArticleSchema } from "../domain/article-input";
import { articleUrl } from "../domain/article-representation";
import {
  createFields,
  FIELD_TO_PROPERTY,
  fieldsFromProperties,
  type Mf2Properties,
  MicropubInputError,
  type PhotoRef,
  propertiesOf,
  SUPPORTED_PROPERTIES,
} from "../domain/micropub";
import { ProblemError, problem, toJsonPointer } from "../lib/problem";
import { absoluteUrl, type SiteConfig } from "../lib/site";
import { createArticle, deleteArticle, patchArticle, restoreArticle } from "./article-service";
import { describeStoredImage, MEDIA_PATH_PREFIX, type PreparedImage, saveImage } from "./media";
import { assertMayPublish, type WriteContext } from "./write-context";

/** A Micropub request's WriteContext, plus what mapping posts needs. The route checks scopes. */
export interface MicropubContext extends WriteContext {
  /** Origins our post and media URLs may carry: the site's, and the one the request came to. */
  origins: string[];
  media: R2Bucket;
  /** Counts further writes against the token's budget; throws 429 once it is spent. */
  chargeWrites: (writes: number) => Promise<void>;
}

type PostLookup = Pick<MicropubContext, "db" | "site" | "origins">;

export interface UpdateRequest {
  url: string;
  replace?: Mf2Properties;
  add?: Mf2Properties;
  delete?: string[] | Mf2Properties;
}

/**
 * The article a new post asks for (400 when it is not acceptable); nothing is written. `uploads`
 * are files sent with the post (multipart), referenced from props by their /media/ path.
 */
export async function newPostInput(
  m: MicropubContext,
  props: Mf2Properties,
  uploads: PreparedImage[] = [],
): Promise<CreateArticleInput> {
  const options = await mappingOptions(m, props, uploads);
  return parseOrThrow(
    createArticleSchema,
    await withMicropubErrors(async () => createFields(props, options)),
  );
}

/** Stores the post's files, then the article; call with newPostInput's answer. */
export async function createPost(
  m: MicropubContext,
  input: CreateArticleInput,
  uploads: PreparedImage[] = [],
) {
  // Files are stored only once the post is known to be acceptable: bad input changes nothing.
  if (input.status !== "draft") assertMayPublish(m.actor);
  // The request itself was counted as one write; every object it stores counts as another.
  const distinct = [...new Map(uploads.map((upload) => [upload.key, upload])).values()];
  await m.chargeWrites(distinct.length);
  for (const upload of distinct) await saveImage(m.media, upload, m.actor.id);
  return createArticle(m, input);
}

export async function updatePost(
  m: MicropubContext,
  request: UpdateRequest,
): Promise<{ before: ArticleRow; after: ArticleRow }> {
  // Micropub has no If-Match: reapply the operations to a fresh read when an editor saved first.
  for (let attempt = 0; ; attempt++) {
    const current = await findPost(m, request.url);
    const { changed, clearing } = applyOperations(propertiesOf(current, { post: request.url }), request);
    if (changed.size === 0 && clearing.length === 0) return { before: current, after: current };
    const props: Mf2Properties = Object.fromEntries(changed);
    const options = { ...(await mappingOptions(m, props)), clearing };
    const fields = await withMicropubErrors(async () => fieldsFromProperties(props, options));
    const patch = parseOrThrow(updateArticleSchema, fields);
    try {
      return { before: current, after: await patchArticle(m, current, patch) };
    } catch (err) {
      if (!(err instanceof ProblemError && err.init.status === 412) || attempt >= 2) throw err;
    }
  }
}

export async function deletePost(m: MicropubContext, url: string, undelete: boolean): Promise<void> {
  const current = await findPost(m, url);
  await (undelete ? restoreArticle(m, current) : deleteArticle(m, current));
}

/** q=source: the post as mf2 properties, all of them or `only` those named. */
export async function sourceOf(lookup: PostLookup, url: string, only: string[]) {
  const article = await findPost(lookup, url);
  const { site } = lookup;
  const image = article.image?.url.startsWith("/") ? absoluteUrl(site, article.image.url) : undefined;
  const properties = propertiesOf(article, { post: articleUrl(site, article), image });
  if (only.length === 0) return { type: ["h-entry"], properties };
  return {
    properties: Object.fromEntries(only.filter((p) => p in properties).map((p) => [p, properties[p]])),
  };
}

export function config(site: SiteConfig) {
  return {
    "media-endpoint": absoluteUrl(site, "/api/v1/media"),
    "syndicate-to": [],
    "post-types": [
      { type: "article", name: "Article" },
      { type: "note", name: "Note" },
      { type: "photo", name: "Photo" },
    ],
    q: ["config", "source", "syndicate-to", "category"],
    properties: SUPPORTED_PROPERTIES,
  };
}

/** Tags in use: of public articles only, unless the token may read drafts, scheduled and deleted ones. */
export function knownCategories(db: Db, now: number, includeHidden: boolean): Promise<string[]> {
  return tagsInUse(db, { now, includeHidden, limit: 500 });
}

/** Replace, then add, then delete, as the spec orders them; returns only what changed. */
function applyOperations(current: Mf2Properties, request: UpdateRequest) {
  const changed = new Map<string, Mf2Properties[string]>();
  const clearing: string[] = [];
  const known = (name: string) => (SUPPORTED_PROPERTIES as readonly string[]).includes(name);
  const value = (name: string) => changed.get(name) ?? current[name] ?? [];
  for (const [name, values] of Object.entries(request.replace ?? {})) {
    if (known(name)) changed.set(name, values);
  }
  for (const [name, values] of Object.entries(request.add ?? {})) {
    if (known(name)) changed.set(name, [...value(name), ...values]);
  }
  const deletions = request.delete ?? [];
  for (const [name, values] of Array.isArray(deletions)
    ? deletions.map((n) => [n, null] as const)
    : Object.entries(deletions)) {
    if (!known(name)) continue;
    const remaining = values === null ? [] : value(name).filter((v) => !values.some((d) => same(d, v)));
    if (remaining.length > 0) changed.set(name, remaining);
    else {
      changed.delete(name);
      clearing.push(name);
    }
  }
  return { changed, clearing };
}

function same(a: unknown, b: unknown): boolean {
  const url = (v: unknown) =>
    typeof v === "object" && v && "value" in v ? (v as { value: unknown }).value : v;
  return JSON.stringify(url(a)) === JSON.stringify(url(b));
}

/** Our post URLs are /articles/<slug> on this site (or the host the request came to). */
async function findPost(lookup: PostLookup, url: string): Promise<ArticleRow> {
  let parsed: URL | null = null;
  try {
    parsed = new URL(url);
  } catch {}
  const match =
    parsed && lookup.origins.includes(parsed.origin) ? /^\/articles\/([^/]+)$/.exec(parsed.pathname) : null;
  const found = match?.[1] ? await findArticleBySlug(lookup.db, decodeURIComponent(match[1])) : undefined;
  if (!found) {
    throw problem({
      status: 400,
      type: "bad-request",
      title: "No post at this URL",
      detail: `${url.slice(0, 300)} is not the URL of a post on this site.`,
      errors: [{ pointer: "/url", detail: "is not a post on this site" }],
    });
  }
  return found.article;
}

/** Photos of ours (/media/…) are stored root-relative with their type, size and dimensions. */
async function mappingOptions(m: MicropubContext, props: Mf2Properties, uploads: PreparedImage[] = []) {
  const { site, now } = m;
  const known = new Map<string, Image>();
  for (const { key: _key, bytes: _bytes, path, ...rest } of uploads) known.set(path, { url: path, ...rest });
  for (const value of props.photo ?? []) {
    const url = typeof value === "string" ? value : typeof value.value === "string" ? value.value : null;
    const path = url && !known.has(url) ? ownMediaPath(m.origins, url) : null;
    const stored = path ? await describeStoredImage(m.media, path) : null;
    if (url && stored) {
      const { key: _key, path: storedPath, ...rest } = stored;
      known.set(url, { url: storedPath, ...rest });
    }
  }
  return {
    now,
    offsetMinutes: site.defaultOffsetMinutes,
    image: (photo: PhotoRef): Image => ({
      ...(known.get(photo.url) ?? { url: photo.url }),
      ...(photo.alt ? { alt: photo.alt } : {}),
    }),
  };
}

function ownMediaPath(origins: string[], url: string): string | null {
  if (url.startsWith(MEDIA_PATH_PREFIX)) return url;
  try {
    const parsed = new URL(url);
    return origins.includes(parsed.origin) && parsed.pathname.startsWith(MEDIA_PATH_PREFIX)
      ? parsed.pathname
      : null;
  } catch {
    return null;
  }
}

async function withMicropubErrors<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (!(err instanceof MicropubInputError)) throw err;
    throw invalid([{ pointer: `/properties/${err.property}`, detail: err.message }]);
  }
}

function parseOrThrow<T extends z.ZodMiniType>(schema: T, fields: Record<string, unknown>): z.output<T> {
  const result = schema.safeParse(fields);
  if (result.success) return result.data;
  throw invalid(
    result.error.issues.map((issue) => {
      const [field, ...rest] = issue.path.map(String);
      const property = (field && FIELD_TO_PROPERTY[field]) ?? field ?? "";
      return { pointer: toJsonPointer(["properties", property, ...rest]), detail: issue.message };
    }),
  );
}

function invalid(errors: { pointer: string; detail: string }[]) {
  return problem({
    status: 400,
    type: "validation-failed",
    title: "The post failed validation",
    detail: errors.map((e) => `${e.pointer}: ${e.detail}`).join("; "),
    errors,
  });
}
