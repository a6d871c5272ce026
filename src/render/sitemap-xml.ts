// Sitemaps (sitemaps.org 0.9), Google News sitemaps and robots.txt, as plain strings.

const XML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};

/** Text and attribute escaping; stored strings are already free of XML-invalid characters. */
export function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => XML_ESCAPES[ch] ?? ch);
}

export interface SitemapEntry {
  loc: string;
  /** W3C datetime. */
  lastmod?: string;
}

export interface NewsEntry {
  loc: string;
  title: string;
  language: string;
  /** W3C datetime with the article's offset. */
  publicationDate: string;
}

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';
const SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9";
export const NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9";

function locAndLastmod(entry: SitemapEntry): string {
  const lastmod = entry.lastmod ? `<lastmod>${escapeXml(entry.lastmod)}</lastmod>` : "";
  return `<loc>${escapeXml(entry.loc)}</loc>${lastmod}`;
}

export function sitemapIndexXml(entries: SitemapEntry[]): string {
  const items = entries.map((e) => `  <sitemap>${locAndLastmod(e)}</sitemap>\n`).join("");
  return `${XML_DECLARATION}<sitemapindex xmlns="${SITEMAP_NS}">\n${items}</sitemapindex>\n`;
}

export function urlSetXml(entries: SitemapEntry[]): string {
  const items = entries.map((e) => `  <url>${locAndLastmod(e)}</url>\n`).join("");
  return `${XML_DECLARATION}<urlset xmlns="${SITEMAP_NS}">\n${items}</urlset>\n`;
}

export function newsSitemapXml(entries: NewsEntry[], publicationName: string): string {
  const name = escapeXml(publicationName);
  const items = entries
    .map(
      (e) =>
        `  <url><loc>${escapeXml(e.loc)}</loc><news:news><news:publication><news:name>${name}</news:name>` +
        `<news:language>${escapeXml(newsLanguage(e.language))}</news:language></news:publication>` +
        `<news:publication_date>${escapeXml(e.publicationDate)}</news:publication_date>` +
        `<news:title>${escapeXml(e.title)}</news:title></news:news></url>\n`,
    )
    .join("");
  return `${XML_DECLARATION}<urlset xmlns="${SITEMAP_NS}" xmlns:news="${NEWS_NS}">\n${items}</urlset>\n`;
}

/**
 * Google News wants an ISO 639 code, except zh-cn (Simplified) and zh-tw (Traditional) for Chinese.
 */
export function newsLanguage(language: string): string {
  const tag = language.toLowerCase();
  const primary = tag.split("-")[0] ?? tag;
  if (primary !== "zh") return primary;
  return /-(hant|tw|hk|mo)(?:-|$)/.test(tag) ? "zh-tw" : "zh-cn";
}

export function robotsTxt(sitemapUrls: string[]): string {
  const sitemaps = sitemapUrls.map((url) => `Sitemap: ${url}\n`).join("");
  return `User-agent: *\nDisallow: /api/\n\n${sitemaps}`;
}
