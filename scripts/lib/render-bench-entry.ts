// Bundled by render-bench.mjs with esbuild: the real feed model and renderers, timed in Node.
import { SITE_SCOPE } from "../../src/domain/scope";
import { renderAtom } from "../../src/feeds/atom";
import { renderJsonFeed } from "../../src/feeds/json-feed";
import { buildFeedModel, type PagePaging } from "../../src/feeds/model";
import { renderRss } from "../../src/feeds/rss";
import { sanitizeHtml } from "../../src/lib/sanitize-html";
import { renderArticlePage } from "../../src/render/article-page";
import { article, PUBLISHED, SITE } from "../../test/fixtures/article-rows";
import { syntheticArticle } from "./synthetic.mjs";

/** The bench's synthetic article as a stored row (bodies sanitized and derived as a write would). */
function syntheticRow(i: number) {
  const input = syntheticArticle(i);
  const bodyHtml = sanitizeHtml(input.body);
  return article({
    id: 1000 - i,
    title: input.title,
    bodyHtml,
    section: input.section,
    tags: input.tags,
    authors: input.authors,
    source: input.source,
    image: input.image,
    printEdition: input.printEdition,
    publishedAt: PUBLISHED - i * 60_000,
  });
}

const rows = Array.from({ length: 50 }, (_, i) => syntheticRow(i));

export function fiftyItemFeed(items = rows) {
  const paging: PagePaging = {
    kind: "page",
    cursor: null,
    limit: null,
    next: { at: PUBLISHED - 50 * 60_000, id: 950 },
    previous: null,
    prevArchive: "2020-12",
  };
  return buildFeedModel(items, SITE, SITE_SCOPE, paging, PUBLISHED);
}

const page = syntheticRow(4);

/** Each renderer on its fixed input; the article page is awaited as c.html() would (no async parts today). */
export const renderers: Record<string, (doc: ReturnType<typeof fiftyItemFeed>) => string> = {
  rss: renderRss,
  atom: renderAtom,
  json: renderJsonFeed,
  // What a feed cache miss runs after the query: rows → model → RSS, for the uncached 20-item feed.
  "rss from 20 rows": () => renderRss(fiftyItemFeed(rows.slice(0, 20))),
  "article page": () => String(renderArticlePage(page, SITE)),
};
