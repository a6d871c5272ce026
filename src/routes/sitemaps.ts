import { listPublicPage, scopeLastChanged } from "../db/article-queries";
import { listSitemapPage, listSitemapPages } from "../db/sitemap-queries";
import { articleUrl } from "../domain/article-representation";
import { SITE_SCOPE } from "../domain/scope";
import { createRouter } from "../env";
import { conditional, strongEtag } from "../lib/conditional";
import { absoluteUrl } from "../lib/site";
import { formatRfc3339 } from "../lib/time";
import { newsSitemapXml, robotsTxt, sitemapIndexXml, urlSetXml } from "../render/sitemap-xml";

export const SITEMAP_PAGE_SIZE = 5000;
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

// ── GET /sitemap.xml — index of the news sitemap and the article pages ──
sitemapRoutes.get("/sitemap.xml", async (c) => {
  const { db, site, now } = c.var;
  const changed = (await scopeLastChanged(db, SITE_SCOPE, now)) ?? 0;
  const notModified = conditional(
    c,
    { etag: strongEtag(changed, `sitemap-index|${site.url}`), lastModified: changed || null },
    SITEMAP_CACHE_CONTROL,
  );
  if (notModified) return notModified;
  const pages = await listSitemapPages(db, now, SITEMAP_PAGE_SIZE);
  const entries = [
    { loc: absoluteUrl(site, "/sitemaps/news.xml") },
    ...pages.map((p) => ({
      loc: absoluteUrl(site, `/sitemaps/articles-${p.page}.xml`),
      lastmod: formatRfc3339(p.lastModified),
    })),
  ];
  c.header("content-type", XML_TYPE);
  return c.body(sitemapIndexXml(entries));
});

// ── GET /sitemaps/articles-<n>.xml — public articles with ids in the n-th range ──
sitemapRoutes.get("/sitemaps/:file{articles-[1-9][0-9]{0,8}\\.xml}", async (c) => {
  const { db, site, now } = c.var;
  const page = Number(c.req.param("file").slice("articles-".length, -".xml".length));
  const changed = (await scopeLastChanged(db, SITE_SCOPE, now)) ?? 0;
  const notModified = conditional(
    c,
    { etag: strongEtag(changed, `sitemap-${page}|${site.url}`), lastModified: changed || null },
    SITEMAP_CACHE_CONTROL,
  );
  if (notModified) return notModified;
  const rows = await listSitemapPage(db, page, SITEMAP_PAGE_SIZE, now);
  if (rows.length === 0) {
    c.header("etag", undefined);
    c.header("last-modified", undefined);
    return c.notFound();
  }
  const entries = rows.map((r) => ({ loc: articleUrl(site, r), lastmod: formatRfc3339(r.lastModified) }));
  c.header("content-type", XML_TYPE);
  return c.body(urlSetXml(entries));
});

// ── GET /sitemaps/news.xml — Google News: articles published in the last 48 hours ──
sitemapRoutes.get("/sitemaps/news.xml", async (c) => {
  const { db, site, now } = c.var;
  const rows = await listPublicPage(db, SITE_SCOPE, { now, limit: NEWS_MAX_ENTRIES });
  const recent = rows.filter((r) => r.publishedAt !== null && r.publishedAt > now - NEWS_WINDOW_MS);
  const entries = recent.map((r) => ({
    loc: articleUrl(site, r),
    title: r.title,
    language: r.language,
    publicationDate: formatRfc3339(r.publishedAt ?? 0, r.publishedOffset ?? site.defaultOffsetMinutes),
  }));
  c.header("cache-control", SITEMAP_CACHE_CONTROL);
  c.header("content-type", XML_TYPE);
  return c.body(newsSitemapXml(entries, site.title));
});
