// Rows written before migration 0006 hold their body plain with body_html_z NULL. SQL cannot
// deflate, so this does it a few rows at a time (the cron, `npm run storage:compact`, a restore).
// Only storage changes: write_id, version and every validator stay, and a row edited meanwhile
// (new write_id, body_html_z set by the edit itself) is left alone by the guarded UPDATE.
import { storedBodyColumns } from "./article-body";

/** What the Workers binding, its sessions and the scripts' D1 adapters all offer. */
export interface SqlStatementLike {
  bind(...values: unknown[]): SqlStatementLike;
  all<Row = Record<string, unknown>>(): Promise<{ results: Row[] }>;
}
export interface SqlDatabaseLike {
  prepare(sql: string): SqlStatementLike;
  batch(statements: SqlStatementLike[]): Promise<unknown>;
}

/** Per cron run (every minute): 10–20 ms of deflate, and 144,000 legacy rows a day. */
export const COMPACTED_PER_RUN = 100;

interface LegacyRow {
  id: number;
  write_id: string;
  body_html: string;
}

/**
 * Stores up to `limit` legacy bodies the new way, lowest ids first, in one batch. A body too short
 * or too incompressible to deflate stays plain and is marked as seen (an empty body_html_z).
 * Returns how many rows it examined: 0 once no legacy row is left.
 */
export async function compactLegacyBodies(d1: SqlDatabaseLike, limit: number): Promise<number> {
  // articles_legacy_body_idx holds exactly these rows, so this reads no other row.
  const { results } = await d1
    .prepare("select id, write_id, body_html from articles where body_html_z is null order by id limit ?")
    .bind(limit)
    .all<LegacyRow>();
  if (results.length === 0) return 0;
  const updates = results.map((row) => {
    const stored = storedBodyColumns(row.body_html);
    return d1
      .prepare(
        "update articles set body_html = ?, body_html_z = ? where id = ? and write_id = ? and body_html_z is null",
      )
      .bind(stored.storedBodyHtml, stored.bodyHtmlZ, row.id, row.write_id);
  });
  await d1.batch(updates);
  return results.length;
}
