// The search index of a benchmark archive (lib/bulk-load.mjs) built by SQL: every clone of a
// template has the template's subtitle, summary, body, authors, tags and section, so their index
// tokens are the template's, made once here by the same tokenizer as every write
// (src/db/search-index.ts); only the title differs (第<n>号稿件：…), and its tokens are the template's
// title tokens with the clone's number put in. FTS5 then tokenizes in C, one statement per
// template and chunk, instead of one JS round trip per article (lib/search-rebuild.ts).
import { SEARCH_TABLE } from "../../src/db/search-index";
import { indexTokens } from "../../src/lib/search-text";
import { SEARCH_SOURCE_COLUMNS, type SearchSourceRow, searchDocumentOfRow } from "./search-rebuild";
import type { SqlDatabase } from "./sql-database";

const CHUNK_IDS = 5000;
// The clone title bulk-load.mjs writes, around its number and the template's title after '：'.
const cloneTitle = (n: number | string, rest: string) => `第${n}号稿件：${rest}`;

/** The template's title after its first '：' (all of it when there is none), as the clone SQL cuts it. */
function titleRest(title: string): string {
  const at = title.indexOf("：");
  return at === -1 ? title : title.slice(at + 1);
}

/**
 * The clone's title tokens as SQL pieces around its number: `${before} ${n} ${after}`. Checked
 * against the tokenizer itself for a few numbers, so a change to it cannot go unnoticed here.
 */
function titlePieces(rest: string): { before: string; after: string } {
  const restTokens = indexTokens(rest);
  const before = indexTokens("第");
  const after = [indexTokens("号稿件"), restTokens].filter((t) => t !== "").join(" ");
  for (const n of [1, 42, 99_999]) {
    if (indexTokens(cloneTitle(n, rest)) !== `${before} ${n} ${after}`)
      throw new Error(`clone title tokens differ from the tokenizer's for ${cloneTitle(n, rest)}`);
  }
  return { before, after };
}

/**
 * Indexes every clone with an id above the newest indexed row, whose content is exactly its
 * template's. Returns how many rows it wrote; articles that are not such clones are left unindexed.
 */
export async function indexClones(
  d1: SqlDatabase,
  templateIds: number[],
  onProgress: (done: number) => void = () => {},
): Promise<number> {
  const newest = await d1
    .prepare(`select rowid as id from ${SEARCH_TABLE} order by rowid desc limit 1`)
    .first<{
      id: number;
    }>();
  const maxId = await d1.prepare("select coalesce(max(id), 0) as id from articles").first<{ id: number }>();
  const templates = [];
  for (const id of templateIds) {
    const row = await d1
      .prepare(`select ${SEARCH_SOURCE_COLUMNS} from articles where id = ?`)
      .bind(id)
      .first<SearchSourceRow>();
    if (!row) throw new Error(`template ${id} is missing`);
    const doc = searchDocumentOfRow(row);
    const rest = titleRest(row.title);
    templates.push({ id, rest, doc, ...titlePieces(rest) });
  }
  const indexedRows = async () =>
    (await d1.prepare(`select count(*) as n from ${SEARCH_TABLE}_docsize`).first<{ n: number }>())?.n ?? 0;
  const before = await indexedRows();
  for (let from = newest?.id ?? 0; from < (maxId?.id ?? 0); from += CHUNK_IDS) {
    const statements = templates.map((t) =>
      d1
        .prepare(
          `insert into ${SEARCH_TABLE} (rowid, title, lede, body, meta)
           select a.id, ?1 || ' ' || substr(a.slug, 7) || ' ' || ?2, ?3, ?4, ?5
           from articles a join articles t on t.id = ?6
           where a.id > ?7 and a.id <= ?8 and a.slug glob 'bench-[1-9]*'
             and a.title = '第' || substr(a.slug, 7) || '号稿件：' || ?9
             and a.subtitle is t.subtitle and a.summary = t.summary and a.body_html = t.body_html
             and a.body_html_z is t.body_html_z
             and a.section = t.section and a.tags = t.tags and a.authors = t.authors
           order by a.id`,
        )
        .bind(t.before, t.after, t.doc.lede, t.doc.body, t.doc.meta, t.id, from, from + CHUNK_IDS, t.rest),
    );
    await d1.batch(statements);
    onProgress(Math.min(from + CHUNK_IDS, maxId?.id ?? 0));
  }
  // FTS5's changes() counts its shadow tables' writes too; its docsize table has one row per article.
  return (await indexedRows()) - before;
}
