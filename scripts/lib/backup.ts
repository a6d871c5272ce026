// Export and restore of the whole editorial state through any D1-like object (prepare/bind/all, batch):
// the Workers binding, Miniflare's proxy, or the wrangler CLI adapter in ./d1-targets.ts.

import { mkdir, open } from "node:fs/promises";
import path from "node:path";
import { COMPACTED_PER_RUN, compactLegacyBodies } from "../../src/db/body-compaction";
import { rebuildSearchIndex } from "./search-rebuild";
import type { SqlDatabase, SqlStatement } from "./sql-database";
import { bodyHtmlOf, DEFLATED_BODY_HEX, type StoredBodyRow } from "./stored-body";
import { splitUtf8, utf8Length } from "./utf8-pieces";

export const BACKUP_FORMAT = "edge-news-feed-backup";
export const BACKUP_VERSION = 1;

// Parents first: D1 enforces the foreign keys of slugs, scopes and revisions.
const CONTENT_TABLES = ["articles", "article_slugs", "article_scopes", "article_revisions"];
// An allowlist, so a secret column added later can never slip into a backup file.
const TOKEN_COLUMNS = ["id", "name", "scopes", "created_at", "expires_at", "revoked_at", "last_used_at"];
// Idempotency keys (24 h retry memory) and rate-limit counters are operational state, not content.
const WIPED_ON_FORCE = ["idempotency_keys", ...CONTENT_TABLES].reverse();

// D1 limits: 100 bound parameters per statement, 100 kB of SQL text once the wrangler adapter
// inlines values. Long strings travel in pieces appended with `col = col || ?`.
const MAX_PARAMS = 100;
const MAX_PIECE_BYTES = 40_000;
const MAX_STATEMENT_BYTES = 90_000;
const SMALL_BYTES = 2_000;
const PAGE_ROWS = 100;

type Row = Record<string, unknown>;
type Tables = Record<string, Row[]>;

export interface Backup {
  format: typeof BACKUP_FORMAT;
  version: number;
  exportedAt: string;
  counts: Record<string, number>;
  tables: Tables;
}

interface TableColumns {
  names: string[];
  key: string[];
}

/**
 * Writes a backup only its owner can read (0600, in a 0700 directory when it creates one): it holds
 * every draft and the token list. Without `force` an existing file is never overwritten.
 */
export async function writeBackupFile(file: string, data: unknown, { force = false } = {}): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const handle = await open(file, force ? "w" : "wx", 0o600);
  try {
    // open's mode applies to new files only; an overwritten older backup may still be 0644.
    await handle.chmod(0o600);
    await handle.writeFile(`${JSON.stringify(data, null, 1)}\n`);
  } finally {
    await handle.close();
  }
}

/** Every article, slug (current and former), scope row and revision, plus token metadata without hashes. */
export async function exportDatabase(d1: SqlDatabase, { now = Date.now() } = {}): Promise<Backup> {
  const tables: Tables = {};
  for (const table of CONTENT_TABLES) {
    const rows = await readAll(d1, table, table === "articles" ? `*, ${DEFLATED_BODY_HEX}` : "*");
    tables[table] = table === "articles" ? plainBodies(rows) : rows;
  }
  tables.api_tokens = await readAll(d1, "api_tokens", TOKEN_COLUMNS.join(", "));
  const counts = Object.fromEntries(Object.entries(tables).map(([name, rows]) => [name, rows.length]));
  return {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    exportedAt: new Date(now).toISOString(),
    counts,
    tables,
  };
}

// A backup holds each body as HTML text (what any older or newer version restores): deflating
// is this database's storage detail, redone on restore.
function plainBodies(rows: Row[]): Row[] {
  return rows.map(({ body_html_z: _deflated, body_html_z_hex, ...row }) => ({
    ...row,
    body_html: bodyHtmlOf({ body_html: String(row.body_html), body_html_z_hex } as StoredBodyRow),
  }));
}

async function readAll(d1: SqlDatabase, table: string, columns: string): Promise<Row[]> {
  const rows: Row[] = [];
  let after = 0;
  for (;;) {
    const { results } = await d1
      .prepare(`select rowid as "__rowid", ${columns} from "${table}" where rowid > ? order by rowid limit ?`)
      .bind(after, PAGE_ROWS)
      .all<Row & { __rowid: number }>();
    for (const { __rowid, ...row } of results) {
      rows.push(row);
      after = __rowid;
    }
    if (results.length < PAGE_ROWS) return rows;
  }
}

/**
 * Restores a backup into an empty database (or, with force, replaces its content). Tokens come back
 * as revoked records: their secrets were never stored, so they could not authenticate anyway, and
 * keeping the rows keeps the createdBy/updatedBy/token_id audit trail readable.
 */
export async function importDatabase(
  d1: SqlDatabase,
  data: Backup,
  { force = false, now = Date.now(), batchSize = Number.POSITIVE_INFINITY } = {},
): Promise<Record<string, number>> {
  const columns = await tableColumns(d1, [...CONTENT_TABLES, "api_tokens"]);
  validateBackup(data, columns);
  const existing = await contentCounts(d1);
  const occupied = Object.entries(existing).filter(([, n]) => n > 0);
  if (occupied.length > 0 && !force) {
    const summary = occupied.map(([t, n]) => `${t}: ${n}`).join(", ");
    throw new Error(`the database is not empty (${summary}); pass --force to replace its content`);
  }
  const statements: SqlStatement[] = force ? WIPED_ON_FORCE.map((t) => d1.prepare(`delete from "${t}"`)) : [];
  for (const table of CONTENT_TABLES) {
    statements.push(...insertStatements(d1, table, columnsOf(columns, table), rowsOf(data, table), ""));
  }
  const tokens = rowsOf(data, "api_tokens").map((row) => ({
    ...row,
    token_hash: `revoked:${row.id}`,
    revoked_at: row.revoked_at ?? now,
  }));
  statements.push(
    ...insertStatements(
      d1,
      "api_tokens",
      columnsOf(columns, "api_tokens"),
      tokens,
      "on conflict (id) do nothing",
    ),
  );
  // One batch is one transaction: a failed import leaves the database as it was.
  for (let i = 0; i < statements.length; i += batchSize) await d1.batch(statements.slice(i, i + batchSize));
  // The search index is derived state, never in a backup (a contentless FTS5 table has no text to
  // export): it is rebuilt from the restored articles.
  await rebuildSearchIndex(d1);
  // The restored bodies arrive plain; stored deflated like any other write. Each pass takes rows
  // out of the legacy index, so this ends.
  while ((await compactLegacyBodies(d1, COMPACTED_PER_RUN)) > 0);
  return Object.fromEntries(
    CONTENT_TABLES.map((t): [string, number] => [t, rowsOf(data, t).length]).concat([
      ["api_tokens", tokens.length],
    ]),
  );
}

/** validateBackup has checked that every table is there. */
function rowsOf(data: Backup, table: string): Row[] {
  return data.tables[table] ?? [];
}

function columnsOf(columns: Record<string, TableColumns>, table: string): TableColumns {
  const found = columns[table];
  if (!found) throw new Error(`table ${table} is missing: apply the migrations first`);
  return found;
}

async function tableColumns(d1: SqlDatabase, tables: string[]): Promise<Record<string, TableColumns>> {
  const results = await d1.batch(tables.map((t) => d1.prepare(`pragma table_info("${t}")`)));
  return Object.fromEntries(
    tables.map((t, i) => {
      const info = (results[i]?.results ?? []) as { name: string; pk: number }[];
      if (info.length === 0) throw new Error(`table ${t} is missing: apply the migrations first`);
      return [t, { names: info.map((c) => c.name), key: info.filter((c) => c.pk > 0).map((c) => c.name) }];
    }),
  );
}

async function contentCounts(d1: SqlDatabase): Promise<Record<string, number>> {
  const sql = WIPED_ON_FORCE.map((t) => `(select count(*) from "${t}") as "${t}"`).join(", ");
  return (await d1.prepare(`select ${sql}`).all<Record<string, number>>()).results[0] ?? {};
}

function validateBackup(data: Backup, columns: Record<string, TableColumns>): void {
  if (data?.format !== BACKUP_FORMAT) throw new Error(`not an ${BACKUP_FORMAT} file`);
  if (data.version !== BACKUP_VERSION) throw new Error(`unsupported backup version ${data.version}`);
  for (const table of [...CONTENT_TABLES, "api_tokens"]) {
    const rows = data.tables?.[table];
    if (!Array.isArray(rows)) throw new Error(`the backup has no ${table} array`);
    const allowed = new Set(table === "api_tokens" ? TOKEN_COLUMNS : columnsOf(columns, table).names);
    for (const row of rows) {
      for (const [column, value] of Object.entries(row ?? {})) {
        if (!allowed.has(column))
          throw new Error(`${table}.${column} is not a column this database restores`);
        const ok = value === null || typeof value === "string" || Number.isSafeInteger(value);
        if (!ok) throw new Error(`${table}.${column} holds an unsupported value (${typeof value})`);
      }
    }
  }
}

/** Multi-row INSERTs within both D1 limits, each followed by the appends of its long strings. */
function insertStatements(
  d1: SqlDatabase,
  table: string,
  { key }: TableColumns,
  rows: Row[],
  conflict: string,
): SqlStatement[] {
  const [first] = rows;
  if (!first) return [];
  const names = Object.keys(first);
  const perStatement = Math.max(1, Math.floor(MAX_PARAMS / names.length));
  const statements: SqlStatement[] = [];
  let group: unknown[][] = [];
  let appends: SqlStatement[] = [];
  let bytes = 0;
  const flush = () => {
    if (group.length === 0) return;
    const tuple = `(${names.map(() => "?").join(", ")})`;
    const sql = `insert into "${table}" (${names.map((n) => `"${n}"`).join(", ")}) values ${group
      .map(() => tuple)
      .join(", ")} ${conflict}`;
    statements.push(d1.prepare(sql).bind(...group.flat()), ...appends);
    group = [];
    appends = [];
    bytes = 0;
  };
  for (const row of rows) {
    if (Object.keys(row).join() !== names.join())
      throw new Error(`${table} rows do not share one column set`);
    const values = names.map((name) => row[name]);
    // A row too big for one statement goes in with its long strings empty, then grows by appends.
    const oversized = values.reduce((n: number, v) => n + inlinedSize(v), 0) > MAX_STATEMENT_BYTES;
    const pieces = values.map((v): unknown[] => {
      if (typeof v !== "string") return [v];
      const parts = splitUtf8(v, MAX_PIECE_BYTES);
      return oversized && utf8Length(v) > SMALL_BYTES ? ["", ...parts] : parts;
    });
    const rowBytes = pieces.reduce((n, p) => n + inlinedSize(p[0]), 0);
    if (group.length >= perStatement || bytes + rowBytes > MAX_STATEMENT_BYTES) flush();
    group.push(pieces.map((p) => p[0]));
    bytes += rowBytes;
    pieces.forEach((parts, i) => {
      for (const part of parts.slice(1)) {
        appends.push(appendStatement(d1, table, names[i] ?? "", part, key, row));
      }
    });
  }
  flush();
  return statements;
}

function appendStatement(
  d1: SqlDatabase,
  table: string,
  column: string,
  part: unknown,
  key: string[],
  row: Row,
): SqlStatement {
  const where = key.map((k) => `"${k}" = ?`).join(" and ");
  return d1
    .prepare(`update "${table}" set "${column}" = "${column}" || ? where ${where}`)
    .bind(part, ...key.map((k) => row[k]));
}

/** Worst case once inlined as SQL text: every byte hex-encoded. */
function inlinedSize(value: unknown): number {
  return typeof value === "string" ? 2 * utf8Length(value) + 24 : 24;
}
