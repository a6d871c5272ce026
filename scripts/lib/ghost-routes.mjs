// The routes `npm run bench:ghost` compares, each probed once on both servers so the measured load
// knows its status, bytes and caching headers; the 304 rows send each side's own validators.
import http from "node:http";
import { withRetry } from "./bench-measure.mjs";

/** The headers a reader of the report needs to see what each side lets caches do. */
const REPORTED_HEADERS = ["content-type", "cache-control", "etag", "last-modified", "vary", "expires", "age"];

/**
 * @typedef {import("./ghost-measure.mjs").Side} Side
 * @typedef {import("./ghost-measure.mjs").Comparison} Comparison
 * @typedef {{ variant: string, base: string, path: string, conditional?: boolean }} Request
 * @typedef {{ label: string, ghost: Request, ours: Request[] }} ComparisonSpec
 */

/**
 * @param {{ ghostUrl: string, ghostMode: string, contentKey: string, ghostArticleSlug: string,
 *   ghostTagSlug: string, ourUrls: { uncached: string, cached: string }, ourArticleSlug: string,
 *   section: string, items: number }} site
 * @returns {ComparisonSpec[]}
 */
export function comparisonSpecs(site) {
  const { ghostUrl, ourUrls, items } = site;
  const both = (/** @type {string} */ path) => [
    { variant: "uncached", base: ourUrls.uncached, path },
    { variant: "cached", base: ourUrls.cached, path },
  ];
  const ghost = (/** @type {string} */ path, conditional = false) => ({
    variant: site.ghostMode,
    base: ghostUrl,
    path,
    conditional,
  });
  const feed = `/feed.xml?limit=${items}`;
  const article = `/articles/${encodeURIComponent(site.ourArticleSlug)}`;
  const ghostArticle = `/${site.ghostArticleSlug}/`;
  return [
    { label: `RSS feed, ${items} items`, ghost: ghost("/rss/"), ours: both(feed) },
    {
      label: "RSS feed, conditional GET (own validators)",
      ghost: ghost("/rss/", true),
      ours: [{ variant: "uncached (memoized 304)", base: ourUrls.uncached, path: feed, conditional: true }],
    },
    { label: "article page", ghost: ghost(ghostArticle), ours: both(article) },
    {
      label: "article page, conditional GET (own validators)",
      ghost: ghost(ghostArticle, true),
      ours: [{ variant: "uncached (304)", base: ourUrls.uncached, path: article, conditional: true }],
    },
    { label: "home page", ghost: ghost("/"), ours: both("/") },
    {
      label: "tag / section page",
      ghost: ghost(`/tag/${site.ghostTagSlug}/`),
      ours: both(`/section/${encodeURIComponent(site.section)}`),
    },
    {
      label: `JSON API list, ${items} items`,
      ghost: ghost(`/ghost/api/content/posts/?key=${site.contentKey}&limit=${items}&include=tags,authors`),
      ours: both(`/api/v1/articles?limit=${items}`),
    },
  ];
}

/**
 * One GET through node:http, sending only `headers`, as autocannon does. Not fetch(): it adds
 * `Cache-Control: no-cache` to any conditional request, which makes Ghost (Express's `fresh`) answer 200,
 * and `Accept-Encoding`, which makes Ghost compress.
 * @param {string} url
 * @param {Record<string, string>} [headers]
 * @returns {Promise<{ status: number, bytes: number, responseHeaders: Record<string, string> }>}
 */
function getOnce(url, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers, timeout: 60_000 }, (res) => {
      let bytes = 0;
      res.on("data", (chunk) => {
        bytes += chunk.length;
      });
      res.on("error", reject);
      res.on("end", () => {
        /** @type {Record<string, string>} */
        const responseHeaders = {};
        for (const name of REPORTED_HEADERS) {
          const value = res.headers[name];
          if (value !== undefined) responseHeaders[name] = String(value);
        }
        resolve({ status: res.statusCode ?? 0, bytes, responseHeaders });
      });
    });
    req.on("timeout", () => req.destroy(new Error(`GET ${url} timed out`)));
    req.on("error", reject);
  });
}

/**
 * @param {string} url
 * @param {Record<string, string>} [headers]
 */
async function probe(url, headers = {}) {
  const answer = await withRetry(`GET ${url}`, () => getOnce(url, headers));
  if (answer.status >= 300 && answer.status !== 304) throw new Error(`GET ${url} answered ${answer.status}`);
  return answer;
}

/**
 * A conditional request carries whatever validators the server's own 200 gave (an ETag, a
 * Last-Modified, both or neither); its expected status is whatever the server then answers.
 * @param {"ghost" | "ours"} server
 * @param {Request} request
 * @returns {Promise<Side>}
 */
async function prepareSide(server, request) {
  const url = `${request.base}${request.path}`;
  /** @type {Record<string, string>} */
  const headers = {};
  if (request.conditional) {
    const first = await probe(url);
    if (first.responseHeaders.etag) headers["if-none-match"] = first.responseHeaders.etag;
    if (first.responseHeaders["last-modified"])
      headers["if-modified-since"] = first.responseHeaders["last-modified"];
  }
  return { server, variant: request.variant, url, headers, ...(await probe(url, headers)) };
}

/**
 * @param {ComparisonSpec[]} specs
 * @returns {Promise<Comparison[]>}
 */
export async function prepareComparisons(specs) {
  /** @type {Comparison[]} */
  const comparisons = [];
  for (const spec of specs) {
    const sides = [await prepareSide("ghost", spec.ghost)];
    for (const request of spec.ours) sides.push(await prepareSide("ours", request));
    comparisons.push({ label: spec.label, sides });
  }
  return comparisons;
}
