// The sample articles' lead images: small illustrations committed under sample/images, uploaded through
// the media API before the articles that point at them, so a fresh site shows real pictures.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { IMAGE_TYPES } from "./image-types";

const SAMPLE_IMAGES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../sample/images");

/** The part of a sample article (sample/articles.json) this checks. */
interface SampleArticle {
  slug: string;
  image?: { url: string; type?: string; length?: number };
}

export async function sampleImageFiles(): Promise<string[]> {
  const names = (await readdir(SAMPLE_IMAGES)).filter((name) => IMAGE_TYPES[path.extname(name)]).sort();
  return names.map((name) => path.join(SAMPLE_IMAGES, name));
}

/**
 * Uploads every sample image (same bytes → same key, so repeating this is harmless) and checks that each
 * /media/ URL the sample articles use is one of them: a stale URL would be a broken image on the home page.
 */
export async function uploadSampleImages(
  baseUrl: string | URL,
  token: string,
  articles: SampleArticle[],
): Promise<string[]> {
  const uploaded = new Map<string, { type: string; length: number }>();
  for (const file of await sampleImageFiles()) {
    const res = await fetch(new URL("/api/v1/media", baseUrl), {
      method: "POST",
      headers: {
        "content-type": IMAGE_TYPES[path.extname(file)] ?? "application/octet-stream",
        authorization: `Bearer ${token}`,
      },
      body: await readFile(file),
    });
    if (res.status !== 201) throw new Error(`uploading ${file} failed: ${res.status} ${await res.text()}`);
    const { url, type, length } = (await res.json()) as { url: string; type: string; length: number };
    uploaded.set(url, { type, length });
  }
  for (const article of articles) {
    const image = article.image;
    if (!image?.url.startsWith("/media/")) continue;
    const stored = uploaded.get(image.url);
    if (!stored)
      throw new Error(`sample "${article.slug}" points at ${image.url}, which no file in sample/images has`);
    // type and length reach feed enclosures (RSS requires a length); they must describe the real file.
    if (stored.type !== image.type || stored.length !== image.length) {
      throw new Error(`sample "${article.slug}": image type/length must be ${stored.type}, ${stored.length}`);
    }
  }
  return [...uploaded.keys()];
}
