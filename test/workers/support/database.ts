// Direct access to the test D1: a Drizzle client, emptying it, and snapshotting it.
import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { createDb } from "../../../src/db/client";

export const db = () => createDb(env.DB);

const TABLES = [
  "desk_sessions",
  "desk_login_codes",
  "indieauth_codes",
  "indieauth_refresh_tokens",
  "idempotency_keys",
  "article_revisions",
  "article_scopes",
  "article_slugs",
  "articles",
  "api_tokens",
  "rate_limits",
];

/** Storage is isolated per test file, not per test: files whose tests count rows start each test empty. */
export async function resetDatabase(): Promise<void> {
  await env.DB.batch([
    ...TABLES.map((t) => env.DB.prepare(`delete from ${t}`)),
    // A contentless FTS5 table takes no DELETE statement: its own command empties it.
    env.DB.prepare("insert into article_search (article_search) values ('delete-all')"),
  ]);
}

/** A snapshot of every table, to prove a refused request wrote nothing. */
export async function dumpDatabase(): Promise<string> {
  const tables = [
    "articles",
    "article_slugs",
    "article_scopes",
    "article_revisions",
    "idempotency_keys",
    "api_tokens",
  ];
  const parts: string[] = [];
  for (const table of tables) {
    // last_used_at is bookkeeping written in waitUntil (auth/middleware.ts), not the request's write.
    const columns =
      table === "api_tokens" ? "id, name, token_hash, scopes, created_at, expires_at, revoked_at" : "*";
    const { results } = await env.DB.prepare(`select ${columns} from ${table} order by rowid`).all();
    parts.push(`${table}:${JSON.stringify(results)}`);
  }
  return parts.join("\n");
}

/** Drops every table, then applies the migrations named before `name`: a migration test's starting point. */
export async function migrateEmptyDatabaseBefore(name: string): Promise<void> {
  const { results } = await env.DB.prepare(
    "select name from sqlite_schema where type = 'table' and name not like 'sqlite_%' and name not like '_cf_%'",
  ).all<{ name: string }>();
  for (const table of results) await env.DB.prepare(`drop table if exists "${table.name}"`).run();
  await applyD1Migrations(
    env.DB,
    env.TEST_MIGRATIONS.filter((m) => m.name < name),
  );
}
