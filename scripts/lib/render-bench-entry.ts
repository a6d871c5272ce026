// Bundled by render-bench.mjs with esbuild: the real feed model and renderers, timed in Node.
import { SITE_SCOPE } from "../../src/domain/scope";
import { renderAtom } from "../../src/feeds/atom";
import { renderJsonFeed } from "../../src/feeds/json-feed";
import { buildFeedModel, type PagePaging } from "../../src/feeds/model";
import { renderRss } from "../../src/feeds/rss";
import { sanitizeHtml } from "../../src/lib/sanitize-html";
import { article, PUBLISHED, SITE } from "../../test/fixtures/article-rows";
import { syntheticArticle } from "./synthetic.mjs";

export function fiftyItemFeed() {
  const items = Array.from({ length: 50 }, (_, i) => {
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
  });
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

export const renderers = { rss: renderRss, atom: renderAtom, json: renderJsonFeed };
