// A small Chinese + English corpus for the search tests, written through the article service with
// fixed dates and a clock the test chooses.
import { env } from "cloudflare:workers";
import type { EditorListFilter } from "../../../src/db/article-queries";
import { searchArticles } from "../../../src/db/search-queries";
import { createArticleSchema } from "../../../src/domain/article-input";
import type { Scope } from "../../../src/domain/scope";
import { parseSearchQuery } from "../../../src/lib/search-text";
import { siteFromEnv } from "../../../src/lib/site";
import { createArticle } from "../../../src/services/article-service";
import type { WriteContext } from "../../../src/services/write-context";
import { db } from "./database";

export const CORPUS_NOW = Date.parse("2021-01-01T00:00:00Z");

export function writeAt(now: number): WriteContext {
  const site = { ...siteFromEnv(env), websubHubUrl: null };
  return { db: db(), site, now, actor: { id: "tok_search", mayPublish: true }, waitUntil: () => {} };
}

export interface CorpusArticle {
  title: string;
  body: string;
  publishedAt?: string;
  status?: "draft" | "scheduled" | "published";
  subtitle?: string;
  summary?: string;
  tags?: string[];
  section?: string[];
  language?: string;
}

export async function addArticle(article: CorpusArticle, now = CORPUS_NOW) {
  const input = createArticleSchema.parse({
    language: "zh-CN",
    status: "published",
    publishedAt: "2020-12-01T08:00:00+08:00",
    section: ["新闻"],
    tags: [],
    authors: [{ name: "记者" }],
    bodyFormat: "html",
    ...article,
  });
  return (await createArticle(writeAt(now), input)).article;
}

/** Ids of the public hits for `q` at `now`, best first. */
export async function publicHits(q: string, now = CORPUS_NOW, scope?: Scope, limit = 100) {
  const { hits } = await searchArticles(db(), parsed(q), { kind: "public", now, scope }, { limit });
  return hits.map((h) => h.article.id);
}

export async function editorHits(q: string, filter: EditorListFilter = {}) {
  const { hits } = await searchArticles(db(), parsed(q), { kind: "editor", filter }, { limit: 100 });
  return hits.map((h) => h.article.id);
}

/** Article ids whose index row matches `q`, whatever their visibility: the index on its own. */
export async function indexedIds(q: string): Promise<number[]> {
  const { results } = await env.DB.prepare(
    "select rowid as id from article_search where article_search match ? order by rowid",
  )
    .bind(parsed(q).match)
    .all<{ id: number }>();
  return results.map((r) => r.id);
}

function parsed(q: string) {
  const query = parseSearchQuery(q);
  if (typeof query === "string") throw new Error(`query ${q} is ${query}`);
  return query;
}
