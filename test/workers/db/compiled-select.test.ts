// The hot reads built once per isolate (src/db/compiled-select.ts) must return exactly what drizzle's
// own builder returns: same columns, same decoding of JSON, booleans and nulls, for each bound value.
import { and, asc, between, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { inflateBody } from "../../../src/db/article-body";
import {
  findPublicArticleById,
  LISTED_COLUMNS,
  listPublicHeads,
  listPublicPage,
} from "../../../src/db/article-queries";
import { articleStateById, articleStateBySlug } from "../../../src/db/page-validators";
import { articleSlugs, articles } from "../../../src/db/schema";
import { listSitemapChunk, SITEMAP_CHUNK_SIZE } from "../../../src/db/sitemap-queries";
import { articleRowPubliclyVisible } from "../../../src/db/visibility";
import { SITE_SCOPE } from "../../../src/domain/scope";
import { chineseArticle, englishArticle } from "../../fixtures/articles";
import { db as createTestDb, resetDatabase } from "../support/database";
import { createArticle, mintToken, patchArticle } from "../support/helpers";

const ids: number[] = [];
const db = createTestDb();

beforeAll(async () => {
  await resetDatabase();
  const { secret } = await mintToken();
  const chinese = await createArticle(
    secret,
    chineseArticle({ slug: "compiled-zh", body: "**粗体**与 `代码`", bodyFormat: "markdown" }),
  );
  const english = await createArticle(secret, englishArticle({ slug: "compiled-en" }));
  // A former slug, so the slug lookup also resolves through article_slugs to a renamed article.
  const renamed = await patchArticle(secret, english.id, `"a${english.id}-v1"`, { slug: "compiled-en-2" });
  expect(renamed.status).toBe(200);
  ids.push(chinese.id, english.id);
});

describe("compiled selects", () => {
  it("findPublicArticleById decodes rows exactly as drizzle's builder, for each id", async () => {
    for (const id of [...ids, ...ids]) {
      const [expected] = await db.select(LISTED_COLUMNS).from(articles).where(eq(articles.id, id)).limit(1);
      if (!expected) throw new Error(`article ${id} is missing`);
      const found = await findPublicArticleById(db, id);
      expect(found).toStrictEqual(inflateBody(expected));
      expect(Array.isArray(found?.tags)).toBe(true);
      expect(typeof found?.summaryIsDerived).toBe("boolean");
    }
    expect(await findPublicArticleById(db, 987_654)).toBeUndefined();
  });

  it("the article states by slug and id match the builder's row, former slugs included", async () => {
    for (const slug of ["compiled-zh", "compiled-en", "compiled-en-2"]) {
      const [expected] = await db
        .select({
          id: articles.id,
          slug: articles.slug,
          status: articles.status,
          publishedAt: articles.publishedAt,
          deletedAt: articles.deletedAt,
          updatedAt: articles.updatedAt,
          version: articles.version,
        })
        .from(articleSlugs)
        .innerJoin(articles, eq(articles.id, articleSlugs.articleId))
        .where(eq(articleSlugs.slug, slug));
      expect(await articleStateBySlug(db, slug, Date.now(), 0)).toStrictEqual(expected);
      expect(await articleStateById(db, expected?.id ?? -1, Date.now(), 0)).toStrictEqual(expected);
    }
    expect(await articleStateBySlug(db, "compiled-none", Date.now(), 0)).toBeNull();
  });

  it("listPublicHeads gives the builder's page without bodies, first page and after a cursor", async () => {
    const now = Date.now();
    const builder = await listPublicPage(db, SITE_SCOPE, { now, limit: 5 });
    expect(builder.length).toBe(2);
    const withoutBody = builder.map(({ bodyHtml: _html, ...head }) => head);
    expect(await listPublicHeads(db, SITE_SCOPE, { now, limit: 5 })).toStrictEqual(withoutBody);
    expect(await listPublicHeads(db, SITE_SCOPE, { now, limit: 1 })).toStrictEqual(withoutBody.slice(0, 1));
    const first = withoutBody[0];
    const before = { at: first?.publishedAt ?? 0, id: first?.id ?? 0 };
    expect(await listPublicHeads(db, SITE_SCOPE, { now, limit: 5, before })).toStrictEqual(
      withoutBody.slice(1),
    );
    const tag = { kind: "tag" as const, key: "no-such-tag" };
    expect(await listPublicHeads(db, tag, { now, limit: 5 })).toStrictEqual([]);
  });

  it("listSitemapChunk gives the builder's chunk: public articles by id, with their last change", async () => {
    const now = Date.now();
    const builder = await db
      .select({
        slug: articles.slug,
        lastModified: sql<number>`max(coalesce(${articles.publicChangedAt}, 0), ${articles.publishedAt})`,
      })
      .from(articles)
      .where(and(articleRowPubliclyVisible(now), between(articles.id, 1, SITEMAP_CHUNK_SIZE)))
      .orderBy(asc(articles.id));
    expect(builder.length).toBe(2);
    expect(await listSitemapChunk(db, 1, now)).toStrictEqual(builder);
    expect(await listSitemapChunk(db, 2, now)).toStrictEqual([]);
    // Before the articles' publication nothing is listed.
    expect(await listSitemapChunk(db, 1, 0)).toStrictEqual([]);
  });
});
