// Small factories for the feed unit tests (fixed dates, no database).
import type { ArticleRow } from "../domain/article";
import type { SiteConfig } from "../lib/site";
import type { FeedPaging } from "./model";

export const SITE: SiteConfig = {
  title: "城市观察",
  description: "Test site",
  url: "https://news.example.com",
  language: "zh-CN",
  defaultOffsetMinutes: 480,
  feedPageSize: 20,
  websubHubUrl: "https://hub.example.com/",
};

/** 2020-12-09T09:50:37+08:00 */
export const PUBLISHED = Date.UTC(2020, 11, 9, 1, 50, 37);

let nextId = 1;

export function article(overrides: Partial<ArticleRow> = {}): ArticleRow {
  const id = overrides.id ?? nextId++;
  return {
    id,
    guid: `urn:uuid:00000000-0000-4000-8000-${String(id).padStart(12, "0")}`,
    slug: `article-${id}`,
    status: "published",
    title: "以“小网格”撬动基层“大治理”",
    subtitle: null,
    summary: "湖城市把社区网格作为基层治理的基本单元。",
    summaryIsDerived: false,
    language: "zh-CN",
    bodySource: "",
    bodyFormat: "html",
    bodyHtml: "<p>正文</p>",
    bodyText: "正文",
    section: ["深度报道", "自媒体"],
    tags: ["基层治理"],
    authors: [{ name: "林晓舟", title: "组织部部长" }],
    editors: [{ name: "苏青禾" }],
    source: null,
    image: null,
    printEdition: null,
    publishedAt: PUBLISHED,
    publishedOffset: 480,
    createdAt: PUBLISHED,
    updatedAt: PUBLISHED,
    publicChangedAt: PUBLISHED,
    deletedAt: null,
    version: 1,
    writeId: "w",
    createdBy: null,
    updatedBy: null,
    ...overrides,
  };
}

/** The subscription document with no older or newer pages. */
export const FIRST_PAGE: FeedPaging = {
  kind: "page",
  cursor: null,
  limit: null,
  next: null,
  previous: null,
  prevArchive: null,
};
