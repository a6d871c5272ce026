import { SITE_SCOPE } from "../../src/domain/scope";
import { sanitizeHtml } from "../../src/lib/sanitize-html";
import { htmlToText } from "../../src/lib/text";
import { renderArticlePage } from "../../src/render/article-page";
import { renderErrorPage } from "../../src/render/error-page";
import { renderListingPage } from "../../src/render/listing-page";
import { article, SITE } from "../../test/fixtures/article-rows";
import { syntheticArticle } from "./synthetic.mjs";

const rows = Array.from({ length: 30 }, (_, i) => {
  const input = syntheticArticle(i);
  const bodyHtml = sanitizeHtml(input.body);
  return article({ id: 500 + i, title: i % 7 === 0 ? `A & B <"${i}">` : input.title, bodyHtml, bodyText: htmlToText(bodyHtml),
    section: input.section, tags: i % 5 === 0 ? [] : input.tags, authors: input.authors, source: input.source,
    image: i % 3 ? input.image : null, printEdition: input.printEdition, subtitle: i % 2 ? "副标题 & <x>" : null });
});
export function outputs() {
  const out: string[] = [];
  for (const r of rows) out.push(String(renderArticlePage(r, SITE)));
  out.push(String(renderArticlePage(rows[1]!, { ...SITE, url: "https://x.example/a&b", title: 'T "q"' })));
  out.push(String(renderListingPage({ site: SITE, scope: SITE_SCOPE, articles: rows, canonical: "https://news.example.com/", firstHref: null, olderHref: "/?cursor=x&y" })));
  out.push(String(renderListingPage({ site: SITE, scope: { kind: "tag", key: "社区&<>" } as never, articles: rows.slice(0, 3), canonical: "https://news.example.com/tag/x", firstHref: "/tag/x", olderHref: null })));
  for (const k of ["not-found", "gone", "bad-request"] as const) out.push(String(renderErrorPage(SITE, k)));
  return out;
}
