// The routes `npm run bench` measures at each archive size, and how each becomes a measured Target:
// probed once on its worker (bytes, status), replayed by the limit worker (as it is, and after one D1
// read for the uncached routes that read D1), rows read from the counting twin.

import { withRetry } from "./bench-measure.mjs";
import { TEMPLATE_COUNT } from "./bulk-load.mjs";

/**
 * @typedef {import("./bench-workers.mjs").AppWorker} AppWorker
 * @typedef {{ label: string, worker: "uncached" | "uncachedCold" | "cached", path: string, conditional?: boolean }} RouteSpec
 *   conditional: sent with If-None-Match of the route's own ETag (memoized validator → 304)
 */

// A sitemap lists up to 5,000 URLs per chunk, so `articles-1` grows with the archive until it is
// full (1,000 URLs at 1k, 5,000 from 5k on): its row also carries the entries it listed, and the
// report compares CPU per entry across sizes, which is what stays flat.
const SITEMAP_ENTRY = /<(?:url|sitemap)>/g;
/** @param {string} path @param {ArrayBuffer} body */
const sitemapEntries = (path, body) =>
  /^\/sitemap/.test(path) ? (new TextDecoder().decode(body).match(SITEMAP_ENTRY)?.length ?? 0) : undefined;

/** @type {Record<RouteSpec["worker"], AppWorker>} the same configuration, counting rows read */
const COUNTED_TWIN = {
  uncached: "uncachedCounted",
  uncachedCold: "uncachedColdCounted",
  cached: "cachedCounted",
};

const SECTION = encodeURIComponent("深度报道");
const TAG = encodeURIComponent("社区");

/**
 * The article every size requests: the same template (hence the same body, image and metadata), in
 * the middle of the archive. Before, the bench asked for bench-<size/2>, whose shape depended on the size.
 * @param {number} size
 */
export const benchArticleSlug = (size) =>
  `bench-${Math.floor(size / 2 / TEMPLATE_COUNT) * TEMPLATE_COUNT + 4}`;

export const PAGE_50_LABEL = "page 50 of /feed.xml uncached";

/**
 * `--only`: the rows whose label matches, and always /health, the yardstick of the others.
 * @param {string} label
 * @param {RegExp | null} only null: every row
 */
export const benchesRoute = (label, only) => only === null || label === "/health" || only.test(label);

/**
 * @param {number} size
 * @param {string | null} page50 the 50th page of /feed.xml (a cursor URL path), if the archive has one
 * @returns {RouteSpec[]}
 */
export function routeSpecs(size, page50) {
  const article = `/articles/${benchArticleSlug(size)}`;
  return [
    { label: "/health", worker: "uncached", path: "/health" },
    { label: "/feed.xml uncached", worker: "uncached", path: "/feed.xml" },
    // Every entry encoded afresh: what the first render of a document costs (src/feeds/feed-bytes.ts).
    { label: "/feed.xml uncached, entries cold", worker: "uncachedCold", path: "/feed.xml" },
    { label: "/feed.json uncached, entries cold", worker: "uncachedCold", path: "/feed.json" },
    { label: "/atom.xml uncached", worker: "uncached", path: "/atom.xml" },
    { label: "/feed.json uncached", worker: "uncached", path: "/feed.json" },
    { label: "section feed uncached", worker: "uncached", path: `/section/${SECTION}/feed.xml` },
    ...(page50 ? [{ label: PAGE_50_LABEL, worker: /** @type {const} */ ("uncached"), path: page50 }] : []),
    { label: "/feed.xml 304 (memoized)", worker: "uncached", path: "/feed.xml", conditional: true },
    { label: "article page uncached", worker: "uncached", path: article },
    { label: "article page 304", worker: "uncached", path: article, conditional: true },
    { label: "home listing uncached", worker: "uncached", path: "/" },
    { label: "section listing uncached", worker: "uncached", path: `/section/${SECTION}` },
    { label: "tag listing uncached", worker: "uncached", path: `/tag/${TAG}` },
    { label: "/sitemap.xml uncached", worker: "uncached", path: "/sitemap.xml" },
    { label: "articles-1 sitemap uncached", worker: "uncached", path: "/sitemaps/articles-1.xml" },
    { label: "API list uncached", worker: "uncached", path: "/api/v1/articles" },
    { label: "API item uncached", worker: "uncached", path: `/api/v1/articles/${benchArticleSlug(size)}` },
    { label: "/feed.xml cached", worker: "cached", path: "/feed.xml" },
    { label: "/atom.xml cached", worker: "cached", path: "/atom.xml" },
    { label: "/feed.json cached", worker: "cached", path: "/feed.json" },
    { label: "section feed cached", worker: "cached", path: `/section/${SECTION}/feed.xml` },
    { label: "/feed.xml?limit=1 cached", worker: "cached", path: "/feed.xml?limit=1" },
    { label: "article page cached", worker: "cached", path: article },
    { label: "home listing cached", worker: "cached", path: "/" },
    { label: "API list cached", worker: "cached", path: "/api/v1/articles" },
  ];
}

/**
 * @param {string} url
 * @param {Record<string, string>} [headers]
 */
const probe = (url, headers = {}) =>
  withRetry(`GET ${url}`, () => fetch(url, { headers, signal: AbortSignal.timeout(60_000) }));

/**
 * Rows read by the route in steady state: asked twice of the counting twin, the second answer counts
 * (the first fills the validator memo, as the measured load does within a millisecond).
 * @param {string} url
 * @param {boolean} conditional
 */
async function rowsRead(url, conditional) {
  /** @type {Record<string, string>} */
  let headers = {};
  if (conditional) {
    const first = await probe(url);
    await first.arrayBuffer();
    headers = { "if-none-match": first.headers.get("etag") ?? "" };
  }
  await (await probe(url, headers)).arrayBuffer();
  const res = await probe(url, headers);
  await res.arrayBuffer();
  const value = res.headers.get("x-d1-rows-read");
  return value === null ? null : Number(value);
}

/**
 * @param {RouteSpec} spec
 * @param {Record<AppWorker | "limit", string>} urls
 * @param {(key: string, response: Response, body: ArrayBuffer) => Promise<{ url: string, d1Url: string }>} storeLimit
 * @returns {Promise<import("./bench-measure.mjs").Target>}
 */
export async function prepareTarget(spec, urls, storeLimit) {
  const url = `${urls[spec.worker]}${spec.path}`;
  /** @type {Record<string, string>} */
  const headers = {};
  if (spec.conditional) {
    const full = await probe(url);
    await full.arrayBuffer();
    const etag = full.headers.get("etag");
    if (!etag) throw new Error(`${spec.label}: ${url} sent no ETag`);
    headers["if-none-match"] = etag;
  }
  const response = await probe(url, headers);
  const body = await response.arrayBuffer();
  if (response.status >= 400) throw new Error(`${spec.label}: ${url} answered ${response.status}`);
  const countedUrl = `${urls[COUNTED_TWIN[spec.worker]]}${spec.path}`;
  const limit = await storeLimit(spec.label, response, body);
  const d1RowsRead = await rowsRead(countedUrl, spec.conditional ?? false);
  // The D1 floor only means something for a route that goes to D1 on every request.
  const touchesD1 = spec.worker !== "cached" && !spec.conditional && d1RowsRead !== 0;
  return {
    label: spec.label,
    url,
    headers,
    limitUrl: limit.url,
    ...(touchesD1 ? { d1LimitUrl: limit.d1Url } : {}),
    // A 304's yardstick is /health (target ≥ 0.9 of it), so it is measured in the 304's own rounds.
    ...(spec.conditional ? { healthUrl: `${urls[spec.worker]}/health` } : {}),
    status: response.status,
    bytes: body.byteLength,
    d1RowsRead,
    ...(sitemapEntries(spec.path, body) ? { entries: sitemapEntries(spec.path, body) } : {}),
  };
}
