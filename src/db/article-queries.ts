import { and, desc, eq, gt, inArray, isNotNull, isNull, or, type SQL, sql } from "drizzle-orm";
import type { ArticleRow, ArticleStatus } from "../domain/article";
import { normalizeName } from "../domain/names";
import type { Scope } from "../domain/scope";
import type { Keyset } from "../lib/cursor";
import { inflateBodies, inflateBody } from "./article-body";
import { articleKeysetPage, hasAuthorNamed, hasTag, sectionStartsWith } from "./article-conditions";
import type { Db } from "./client";
import { compiledSelect } from "./compiled-select";
import { LISTED_COLUMNS, type ListedArticle, seekClock } from "./public-heads";
import { articleScopes, articleSlugs, articles } from "./schema";
import { publiclyVisibleIn } from "./visibility";

export {
  type ArticleHead,
  HEAD_COLUMNS,
  LISTED_COLUMNS,
  type ListedArticle,
  listPublicHeads,
} from "./public-heads";

export async function findArticleById(db: Db, id: number): Promise<ArticleRow | undefined> {
  const [row] = await db.select().from(articles).where(eq(articles.id, id)).limit(1);
  return row && inflateBody(row);
}

const publicArticleById = compiledSelect(LISTED_COLUMNS, (db, columns) =>
  db
    .select(columns)
    .from(articles)
    .where(eq(articles.id, sql.placeholder("id")))
    .limit(1),
);

/** findArticleById for public pages and the public API: every column they render, not body_source. */
export async function findPublicArticleById(db: Db, id: number): Promise<ListedArticle | undefined> {
  const [row] = await publicArticleById(db, { id });
  return row && inflateBody(row);
}

export async function findArticleByGuid(db: Db, guid: string): Promise<ArticleRow | undefined> {
  const [row] = await db.select().from(articles).where(eq(articles.guid, guid)).limit(1);
  return row && inflateBody(row);
}

/** Resolves a current or former slug; `redirected` is true when the slug is no longer the current one. */
export async function findArticleBySlug(db: Db, slug: string) {
  const rows = await db
    .select({ article: articles })
    .from(articleSlugs)
    .innerJoin(articles, eq(articles.id, articleSlugs.articleId))
    .where(eq(articleSlugs.slug, normalizeName(slug)))
    .limit(1);
  const stored = rows[0]?.article;
  if (!stored) return undefined;
  const article = inflateBody(stored);
  return { article, redirected: article.slug !== normalizeName(slug) };
}

export async function findArticleByIdOrSlug(db: Db, idOrSlug: string) {
  if (/^\d{1,15}$/.test(idOrSlug)) {
    const article = await findArticleById(db, Number(idOrSlug));
    return article ? { article, redirected: false } : undefined;
  }
  return findArticleBySlug(db, idOrSlug);
}

/**
 * One page of the public listing of a scope, newest first: one index range scan on
 * article_scopes plus primary-key lookups, whatever the archive size.
 */
export async function listPublicPage(
  db: Db,
  scope: Scope,
  options: { now: number; limit: number; before?: Keyset | null },
): Promise<ListedArticle[]> {
  const rows = await db
    .select(LISTED_COLUMNS)
    .from(articleScopes)
    .innerJoin(articles, eq(articles.id, articleScopes.articleId))
    .where(publicPageWhere(scope, options))
    .orderBy(desc(articleScopes.publishedAt), desc(articleScopes.articleId))
    .limit(options.limit);
  return inflateBodies(rows);
}

function publicPageWhere(scope: Scope, options: { now: number; before?: Keyset | null }) {
  const conditions: (SQL | undefined)[] = [publiclyVisibleIn(scope, seekClock(options.now, options.before))];
  if (options.before) {
    conditions.push(
      sql`(${articleScopes.publishedAt}, ${articleScopes.articleId}) < (${options.before.at}, ${options.before.id})`,
    );
  }
  return and(...conditions);
}

/**
 * The validator of a scope (feeds, listing pages, sitemaps): the later of its last public change
 * that has already happened, and the publication time of its newest visible article. The second
 * term matters when a public article is rescheduled: its change time records the unpublishing,
 * and only its publication time moves when it comes back. One statement, two index seeks.
 */
export async function scopeLastChanged(db: Db, scope: Scope, now: number): Promise<number | null> {
  return (await scopeState(db, scope, now)).changed;
}

/** The scope's last public change (null: never public) and whether it lists any article now. */
export async function scopeState(
  db: Db,
  scope: Scope,
  now: number,
): Promise<{ changed: number | null; listsArticles: boolean }> {
  const s = articleScopes;
  const [row] = await db.all<{ changed: number | null; published: number | null }>(sql`select
    (select max(${s.publicChangedAt}) from ${s}
      where ${s.kind} = ${scope.kind} and ${s.key} = ${scope.key} and ${s.publicChangedAt} <= ${now}) as changed,
    (select max(${s.publishedAt}) from ${s}
      where ${publiclyVisibleIn(scope, now, { articlesJoined: false })}) as published`);
  if (!row || (row.changed === null && row.published === null))
    return { changed: null, listsArticles: false };
  return { changed: Math.max(row.changed ?? 0, row.published ?? 0), listsArticles: row.published !== null };
}

export interface EditorListFilter {
  status?: ArticleStatus;
  deleted?: "exclude" | "include" | "only";
  scope?: Scope;
  updatedSince?: number;
}

/** Every article an editor can see, most recently updated first. */
export async function listForEditors(
  db: Db,
  filter: EditorListFilter,
  options: { limit: number; before?: Keyset | null },
): Promise<ArticleRow[]> {
  return articleKeysetPage(db, editorListConditions(db, filter), {
    orderBy: articles.updatedAt,
    direction: "newest-first",
    cursor: options.before,
    limit: options.limit,
  });
}

/** The conditions of the editors' list (also those of the editors' search, search-queries.ts). */
export function editorListConditions(db: Db, filter: EditorListFilter): (SQL | undefined)[] {
  const conditions: (SQL | undefined)[] = [];
  if (filter.status) conditions.push(eq(articles.status, filter.status));
  if ((filter.deleted ?? "exclude") === "exclude") conditions.push(isNull(articles.deletedAt));
  if (filter.deleted === "only") conditions.push(isNotNull(articles.deletedAt));
  if (filter.updatedSince !== undefined) conditions.push(gt(articles.updatedAt, filter.updatedSince));
  if (filter.scope) {
    const inScope = db
      .select({ id: articleScopes.articleId })
      .from(articleScopes)
      .where(
        and(
          eq(articleScopes.kind, filter.scope.kind),
          eq(articleScopes.key, filter.scope.key),
          eq(articleScopes.listed, true),
        ),
      );
    // Drafts are never "listed", so editors filter on the article's own arrays for them.
    conditions.push(or(inArray(articles.id, inScope), scopeMatchesJson(filter.scope)));
  }
  return conditions;
}

function scopeMatchesJson(scope: Scope): SQL {
  switch (scope.kind) {
    case "tag":
      return hasTag(scope.key);
    case "author":
      return hasAuthorNamed(scope.key);
    case "section":
      return sectionStartsWith(scope.key.split("/"));
    default:
      return sql`1`;
  }
}
