import { and, asc, desc, type SQL, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { ArticleRow } from "../domain/article";
import { MAX_SECTION_LEVELS } from "../domain/article-input";
import type { Keyset } from "../lib/cursor";
import { inflateBodies } from "./article-body";
import type { Db } from "./client";
import { articles } from "./schema";

/** The article's own tags array holds this tag. */
export function hasTag(tag: string): SQL {
  return sql`exists (select 1 from json_each(${articles.tags}) where value = ${tag})`;
}

/** One of the article's own authors has this name. */
export function hasAuthorNamed(name: string): SQL {
  return sql`exists (select 1 from json_each(${articles.authors}) where json_extract(value, '$.name') = ${name})`;
}

/** The article's breadcrumb starts with exactly these levels ("Cit" is not "City"); any level length. */
export function sectionStartsWith(levels: string[]): SQL {
  if (levels.length > MAX_SECTION_LEVELS) return sql`0`;
  const perLevel = levels.map((level, i) => sql`json_extract(${articles.section}, ${`$[${i}]`}) = ${level}`);
  return sql.join(perLevel, sql` and `);
}

/**
 * One keyset page of the articles that meet every condition, ordered on (`orderBy`, id): newest
 * first continues strictly below the cursor, oldest first strictly above it.
 */
export async function articleKeysetPage(
  db: Db,
  conditions: (SQL | undefined)[],
  page: {
    orderBy: SQLiteColumn;
    direction: "newest-first" | "oldest-first";
    cursor?: Keyset | null;
    limit: number;
  },
): Promise<ArticleRow[]> {
  const { where, orderBy } = keysetPageParts(conditions, page);
  const rows = await db
    .select()
    .from(articles)
    .where(where)
    .orderBy(...orderBy)
    .limit(page.limit);
  return inflateBodies(rows);
}

/** The where and order by of articleKeysetPage, for a page that selects fewer columns. */
export function keysetPageParts(
  conditions: (SQL | undefined)[],
  page: { orderBy: SQLiteColumn; direction: "newest-first" | "oldest-first"; cursor?: Keyset | null },
): { where: SQL | undefined; orderBy: SQL[] } {
  const newestFirst = page.direction === "newest-first";
  const where = [...conditions];
  if (page.cursor) {
    const beyond = newestFirst ? sql`<` : sql`>`;
    where.push(sql`(${page.orderBy}, ${articles.id}) ${beyond} (${page.cursor.at}, ${page.cursor.id})`);
  }
  const order = newestFirst ? desc : asc;
  return { where: and(...where), orderBy: [order(page.orderBy), order(articles.id)] };
}
