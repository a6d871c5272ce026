import type { Context } from "hono";
import { listPublicHeads, scopeLastChanged } from "../db/article-queries";
import { memoizedValidator, validatorTtl } from "../db/isolate-cache";
import { oldestPublishedWithin } from "../db/page-validators";
import { listSitemapChunk, listSitemapChunks } from "../db/sitemap-queries";
import { articleUrl } from "../domain/article-representation";
import { scopeCacheTag } from "../domain/cache-tags";
import { SITE_SCOPE } from "../domain/scope";
import { type AppEnv, createRouter } from "../env";
import { strongEtag } from "../lib/conditional";
import { absoluteUrl } from "../lib/site";
import { formatRfc3339 } from "../lib/time";
import { serveCachedDocument } from "../render/cached-document";
import { newsSitemapXml, robotsTxt, sitemapIndexXml, urlSetXml } from "../render/sitemap-xml";
import { pageRenderKey } from "./html-response";

const NEWS_WINDOW_MS = 48 * 60 * 60 * 1000;
// Google News reads at most 1,000 news:news entries per sitemap.
const NEWS_MAX_ENTRIES = 1000;
const XML_TYPE = "application/xml; charset=utf-8";
const SITEMAP_CACHE_CONTROL = "public, max-age=300";

export const sitemapRoutes = createRouter();

sitemapRoutes.get("/robots.txt", (c) => {
  const { site } = c.var;
  c.header("cache-control", "public, max-age=3600");
  c.header("content-type", "text/plain; charset=utf-8");
  return c.body(robotsTxt([absoluteUrl(site, "/sitemap.xml"), absoluteUrl(site, "/sitemaps/news.xml")]));
});

function siteChanged(c: Context<AppEnv>): Promise<number> {
  const { db, now } = c.var;
  // The same memo entry as the site feed's validator.
  return memoizedValidator("site\u0000", now, validatorTtl(c.env, c.var.bypassValidatorMemo), () =>
    scopeLastChanged(db, SITE_SCOPE, now),
  ).then((changed) => changed ?? 0);
}

function serveSitemap(
  c: Context<AppEnv>,
  validator: number | string,
  lastModified: number,
  render: () => Promise<string>,
) {
  const path = new URL(c.req.url).pathname;
  return serveCachedDocument(c, {
    path,
    etag: strongEtag(validator, `sitemap|${path}|${pageRenderKey(c.var.site)}`),
    lastModified: lastModified || null,
    cacheControl: SITEMAP_CACHE_CONTROL,
    contentType: XML_TYPE,
    // Every sitemap lists from the whole site.
    tags: [scopeCacheTag(SITE_SCOPE)],
    render,
  });
}

/** A sitemap page past the last article. */
class EmptySitemap extends Error {}

// ── GET /sitemap.xml — index of the news sitemap and the article pages ──
sitemapRoutes.get("/sitemap.xml", async (c) => {
  const { db, site, now } = c.var;
  const changed = await siteChanged(c);
  return serveSitemap(c, changed, changed, async () => {
    const pages = await listSitemapChunks(db, now);
    const entries = [
      { loc: absoluteUrl(site, "/sitemaps/news.xml") },
      ...pages.map((p) => ({
        loc: absoluteUrl(site, `/sitemaps/articles-${p.page}.xml`),
        lastmod: formatRfc3339(p.lastModified),
      })),
    ];
    return sitemapIndexXml(entries);
  });
});

// ── GET /sitemaps/articles-<n>.xml — public articles with ids in the n-th range ──
sitemapRoutes.get("/sitemaps/:file{articles-[1-9][0-9]{0,8}\\.xml}", async (c) => {
  const { db, site, now } = c.var;
  const page = Number(c.req.param("file").slice("articles-".length, -".xml".length));
  const changed = await siteChanged(c);
  try {
    return await serveSitemap(c, changed, changed, async () => {
      const rows = await listSitemapChunk(db, page, now);
      if (rows.length === 0) throw new EmptySitemap();
      return urlSetXml(
        rows.map((r) => ({ loc: articleUrl(site, r), lastmod: formatRfc3339(r.lastModified) })),
      );
    });
  } catch (err) {
    if (!(err instanceof EmptySitemap)) throw err;
    c.header("etag", undefined);
    c.header("last-modified", undefined);
    c.header("cache-control", undefined);
    return c.notFound();
  }
});

// ── GET /sitemaps/news.xml — Google News: articles published in the last 48 hours ──
sitemapRoutes.get("/sitemaps/news.xml", async (c) => {
  const { db, site, now } = c.var;
  const changed = await siteChanged(c);
  // The window moves with the clock: its oldest member leaving changes the bytes with no write.
  const oldest = await oldestPublishedWithin(
    db,
    NEWS_WINDOW_MS,
    now,
    validatorTtl(c.env, c.var.bypassValidatorMemo),
  );
  return serveSitemap(c, `${changed.toString(36)}.${(oldest ?? 0).toString(36)}`, changed, async () => {
    const rows = await listPublicHeads(db, SITE_SCOPE, { now, limit: NEWS_MAX_ENTRIES });
    const recent = rows.filter((r) => r.publishedAt !== null && r.publishedAt > now - NEWS_WINDOW_MS);
    const entries = recent.map((r) => ({
      loc: articleUrl(site, r),
      title: r.title,
      language: r.language,
      publicationDate: formatRfc3339(r.publishedAt ?? 0, r.publishedOffset ?? site.defaultOffsetMinutes),
    }));
    return newsSitemapXml(entries, site.title);
  });
});
