// Rebuilds the search index (src/db/search-index.ts) from the articles table through any D1-like
// handle: the local files, or the deployed database through the wrangler CLI adapter.
import { SEARCH_TABLE, type SearchDocument, searchDocumentOf } from "../../src/db/search-index";
import type { Author } from "../../src/domain/article";
import type { SqlDatabase, SqlStatement } from "./sql-database";
import { bodyHtmlOf, DEFLATED_BODY_HEX, type StoredBodyRow } from "./stored-body";

const PAGE_ROWS = 20;
// Index tokens are letters, digits and spaces only (search-text.ts), so they can stand as SQL
// literals: half the bytes of the hex the CLI adapter inlines bound strings as, which keeps a
// 10,000-character Chinese body under D1's 100 kB statement limit.
const TOKEN_TEXT = /^[\p{L}\p{N} ]*$/u;

/** A stored article row as far as its search document needs it (select SEARCH_SOURCE_COLUMNS). */
export interface SearchSourceRow extends StoredBodyRow {
  id: number;
  title: string;
  subtitle: string | null;
  summary: string;
  section: string;
  tags: string;
  authors: string;
}

export const SEARCH_SOURCE_COLUMNS = `id, title, subtitle, summary, body_html, ${DEFLATED_BODY_HEX}, section, tags, authors`;

interface ArticleSource extends SearchSourceRow {
  write_id: string;
}

/** The row's search document, made by the same tokenizer as every write (src/db/search-index.ts). */
export function searchDocumentOfRow(row: SearchSourceRow): SearchDocument {
  return searchDocumentOf({
    title: row.title,
    subtitle: row.subtitle,
    summary: row.summary,
    bodyHtml: bodyHtmlOf(row),
    section: JSON.parse(row.section) as string[],
    tags: JSON.parse(row.tags) as string[],
    authors: JSON.parse(row.authors) as Author[],
  });
}

/**
 * Empties the index and indexes every article again, a page of articles per batch. Each row is
 * written only if the article still has the version read (its write_id) and no row is there yet:
 * an edit landing during the rebuild has indexed itself and is neither doubled nor overwritten.
 */
export async function rebuildSearchIndex(
  d1: SqlDatabase,
  { onProgress }: { onProgress?: (done: number) => void } = {},
): Promise<number> {
  await d1.batch([d1.prepare(`insert into ${SEARCH_TABLE} (${SEARCH_TABLE}) values ('delete-all')`)]);
  let after = 0;
  let done = 0;
  for (;;) {
    const { results } = await d1
      .prepare(`select write_id, ${SEARCH_SOURCE_COLUMNS} from articles where id > ? order by id limit ?`)
      .bind(after, PAGE_ROWS)
      .all<ArticleSource>();
    if (results.length === 0) return done;
    await d1.batch(results.flatMap((row) => indexStatements(d1, row)));
    done += results.length;
    after = results.at(-1)?.id ?? after;
    onProgress?.(done);
  }
}

function indexStatements(d1: SqlDatabase, row: ArticleSource): SqlStatement[] {
  const doc = searchDocumentOfRow(row);
  // Skipped when the row is there already: an edit during the rebuild indexed itself.
  const guard = `exists (select 1 from articles where id = ? and write_id = ?)
    and not exists (select 1 from ${SEARCH_TABLE} where rowid = ?)`;
  return [
    d1
      .prepare(
        `insert into ${SEARCH_TABLE} (rowid, title, lede, body, meta) select ?, ${literals(doc)} where ${guard}`,
      )
      .bind(row.id, row.id, row.write_id, row.id),
  ];
}

function literals(doc: SearchDocument): string {
  return [doc.title, doc.lede, doc.body, doc.meta]
    .map((text) => {
      if (!TOKEN_TEXT.test(text)) throw new Error("index tokens must be letters, digits and spaces");
      return `'${text}'`;
    })
    .join(", ");
}
