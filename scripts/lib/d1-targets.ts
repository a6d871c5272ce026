// D1-like handles (prepare/bind/all/run/first, batch) for the CLI scripts: the local database that
// `wrangler dev` uses, opened in-process through Miniflare, or any database through `wrangler d1 execute`.
import "./env.mjs";
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { Miniflare } from "miniflare";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import { ROOT } from "./root.mjs";
import type { SqlDatabase, SqlStatement } from "./sql-database";

/** A database handle plus what closes it (Miniflare for local files; nothing for the CLI adapter). */
export type D1Target = SqlDatabase & { dispose(): Promise<void> };

const exec = promisify(execFile);
const WRANGLER = path.join(ROOT, "node_modules/.bin/wrangler");
export const DEFAULT_PERSIST_TO = path.join(ROOT, ".wrangler/state");

/** The local D1 of `wrangler dev` / `wrangler d1 execute --local` (same files, same binding id). */
export async function openLocalD1({
  persistTo = DEFAULT_PERSIST_TO,
}: {
  persistTo?: string;
} = {}): Promise<{ d1: SqlDatabase; dispose: () => Promise<void> }> {
  const { workerOptions } = unstable_getMiniflareWorkerOptions(path.join(ROOT, "wrangler.toml"));
  const mf = new Miniflare({
    modules: true,
    script: "export default { fetch() { return new Response(null, { status: 404 }); } };",
    d1Databases: workerOptions.d1Databases,
    d1Persist: path.join(path.resolve(persistTo), "v3", "d1"),
  });
  await mf.ready;
  return { d1: await mf.getD1Database("DB"), dispose: () => mf.dispose() };
}

/** Applies pending migrations to the local database (a no-op when it is up to date). */
export async function migrateLocal({
  persistTo = DEFAULT_PERSIST_TO,
}: {
  persistTo?: string;
} = {}): Promise<void> {
  await wrangler(["d1", "migrations", "apply", "DB", "--local", "--persist-to", path.resolve(persistTo)]);
}

async function wrangler(args: string[]): Promise<string> {
  try {
    const { stdout } = await exec(WRANGLER, args, {
      cwd: ROOT,
      env: process.env,
      maxBuffer: 512 * 1024 * 1024,
    });
    return stdout;
  } catch (err) {
    const failure = err as Error & { stderr?: string; stdout?: string };
    throw new Error(
      `wrangler ${args.slice(0, 4).join(" ")} failed:\n${failure.stderr || failure.stdout || failure.message}`,
    );
  }
}

/**
 * A D1 over `wrangler d1 execute` (for --remote; --local works too). The CLI cannot bind
 * parameters, so values are inlined as literals; backup.ts keeps every statement under D1's
 * 100 kB limit. Reads go through --command (which returns rows), large writes through --file.
 */
export function wranglerD1({
  remote = false,
  persistTo,
}: {
  remote?: boolean;
  persistTo?: string;
} = {}): D1Target {
  const target = remote
    ? ["--remote"]
    : ["--local", ...(persistTo ? ["--persist-to", path.resolve(persistTo)] : [])];
  const execute = async (statements: SqlStatement[]) => {
    const sql = statements.map((s) => (s as InlinedStatement).toSql()).join(";\n");
    if (Buffer.byteLength(sql) < 64_000) {
      return parseJson(
        await wrangler(["d1", "execute", "DB", ...target, "--json", "--yes", "--command", sql]),
      );
    }
    const dir = await mkdtemp(path.join(tmpdir(), "enf-d1-"));
    try {
      const file = path.join(dir, "batch.sql");
      await writeFile(file, `${sql};\n`);
      return parseJson(await wrangler(["d1", "execute", "DB", ...target, "--json", "--yes", "--file", file]));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };
  const statement = (sql: string, params: unknown[] = []): InlinedStatement => ({
    bind: (...values) => statement(sql, values),
    toSql: () => inline(sql, params),
    // biome-ignore lint/suspicious/noExplicitAny: rows are whatever the caller's SQL selects.
    all: async (): Promise<any> => ({ results: (await execute([statement(sql, params)]))[0]?.results ?? [] }),
    // biome-ignore lint/suspicious/noExplicitAny: as above.
    first: async (): Promise<any> => (await execute([statement(sql, params)]))[0]?.results?.[0] ?? null,
    run: async () => (await execute([statement(sql, params)]))[0],
  });
  return {
    prepare: (sql: string) => statement(sql),
    batch: (statements) => execute(statements),
    dispose: async () => {},
  };
}

interface InlinedStatement extends SqlStatement {
  toSql(): string;
}

function parseJson(stdout: string): { results: unknown[] }[] {
  const start = stdout.indexOf("[");
  if (start < 0) return [];
  return JSON.parse(stdout.slice(start));
}

/** Replaces each `?` with a literal; strings become hex so no quote, NUL or newline needs escaping. */
export function inline(sql: string, params: unknown[]): string {
  let i = 0;
  const out = sql.replace(/\?/g, () => {
    if (i >= params.length) throw new Error("more placeholders than parameters");
    return literal(params[i++]);
  });
  if (i !== params.length) throw new Error("more parameters than placeholders");
  return out;
}

function literal(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value === "boolean") return value ? "1" : "0";
  if (typeof value === "string") {
    if (/^[\x20-\x7e]*$/.test(value)) return `'${value.replaceAll("'", "''")}'`;
    return `CAST(X'${Buffer.from(value, "utf8").toString("hex")}' AS TEXT)`;
  }
  if (value instanceof Uint8Array) return `X'${Buffer.from(value).toString("hex")}'`;
  throw new Error(`cannot inline a ${typeof value}`);
}
