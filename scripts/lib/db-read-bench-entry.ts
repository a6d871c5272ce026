// Bundled by db-read-bench.mjs: the per-request drizzle work of an uncached article page, timed in
// Node over a D1 stand-in that answers every statement with one canned row (no I/O in the figures).
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { inflateBodies } from "../../src/db/article-body";
import { findPublicArticleById, LISTED_COLUMNS } from "../../src/db/article-queries";
import { createDb } from "../../src/db/client";
import * as schema from "../../src/db/schema";
import { article } from "../../test/fixtures/article-rows";

const stored = article({ id: 7 });
const { bodySource: _source, bodyHtml, ...head } = stored;
// Stored plain: a deflated body would be inflated once and then come from the isolate's body cache.
const listed = { ...head, storedBodyHtml: bodyHtml, bodyHtmlZ: null };
// What D1's raw() gives for the LISTED_COLUMNS select: driver values in selection order.
const rawRow = Object.entries(LISTED_COLUMNS).map(([name, column]) => {
  const value = listed[name as keyof typeof listed];
  return value === null ? null : column.mapToDriverValue(value);
});

const refuse = (): never => {
  throw new Error("not used by the bench");
};

function cannedStatement(): D1PreparedStatement {
  const statement: D1PreparedStatement = {
    bind: () => statement,
    raw: (async () => [rawRow]) as D1PreparedStatement["raw"],
    all: refuse,
    run: refuse,
    first: refuse,
  };
  return statement;
}

export const canned: D1Database = {
  prepare: () => cannedStatement(),
  batch: refuse,
  exec: refuse,
  dump: refuse,
  withSession: refuse,
};

/** The request's Db as it was built before: with the relational schema. */
export const createDbWithSchema = () => drizzle(canned, { schema });
export const createDbToday = () => createDb(canned);

/** The article page's row read through drizzle's builder, as every request did before. */
export async function readWithBuilder() {
  const db = createDb(canned);
  const [row] = await db
    .select(LISTED_COLUMNS)
    .from(schema.articles)
    .where(eq(schema.articles.id, 7))
    .limit(1);
  // Every reader inflates the stored body (src/db/article-body.ts), the compiled read included.
  return row && inflateBodies([row])[0];
}

/** The same read through the statement compiled once per isolate. */
export async function readCompiled() {
  return findPublicArticleById(createDb(canned), 7);
}
