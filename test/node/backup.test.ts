// export → fresh database → import gives byte-identical public output; the CLI works on wrangler's files.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Backup, exportDatabase, importDatabase } from "../../scripts/lib/backup";
import { migrateLocal, openLocalD1, wranglerD1 } from "../../scripts/lib/d1-targets";
import type { SqlStatement } from "../../scripts/lib/sql-database";
import { type LocalWorker, startWorker } from "./harness";

const exec = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../..");

type Row = Record<string, unknown>;

function table(backup: Backup, name: string): Row[] {
  const rows = backup.tables[name];
  if (!rows) throw new Error(`the backup has no ${name} table`);
  return rows;
}

interface Snapshot {
  status: number;
  type: string | null;
  location: string | null;
  etag: string | null;
  body: string;
}

const BIG_BODY = `<p>${"长".repeat(100_000)}</p><p>'; drop table articles; --</p>`;

async function editorCall(worker: LocalWorker, method: string, p: string, body?: unknown, headers = {}) {
  const res = await worker.fetch(p, {
    method,
    headers: { authorization: `Bearer ${worker.token}`, "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? null : ((await res.json()) as { id: number; slug: string; version: number });
}

/** Everything a reader can fetch: API pages (cursor chains too), each slug and id, feeds, pages. */
async function publicPaths(worker: LocalWorker, data: Backup): Promise<string[]> {
  const paths = new Set([
    "/api/v1/articles?limit=100",
    "/feed.xml",
    "/atom.xml",
    "/feed.json",
    "/",
    "/sitemap.xml",
  ]);
  paths.add(`/api/v1/articles?updatedSince=${encodeURIComponent("2000-01-01T00:00:00Z")}`);
  // Search answers come from the index, which a backup does not hold: import must rebuild it.
  for (const q of ["长文", "备份", "the", "网格"]) paths.add(`/api/v1/articles?q=${encodeURIComponent(q)}`);
  let next: string | null = "/api/v1/articles?limit=2";
  while (next) {
    paths.add(next);
    const page = (await (await worker.fetch(next)).json()) as { next: string | null };
    next = page.next ? page.next.slice(worker.url.length) : null;
  }
  for (const { slug } of table(data, "article_slugs")) {
    paths.add(`/api/v1/articles/${encodeURIComponent(String(slug))}`);
    paths.add(`/articles/${encodeURIComponent(String(slug))}`);
  }
  for (const { id } of table(data, "articles")) paths.add(`/api/v1/articles/${id}`);
  return [...paths];
}

async function snapshot(worker: LocalWorker, paths: string[]): Promise<Record<string, Snapshot>> {
  const out: Record<string, Snapshot> = {};
  const local = (text: string | null) => text?.replaceAll(worker.url, "ORIGIN") ?? null;
  for (const p of paths) {
    const res = await worker.fetch(p, { redirect: "manual" });
    // The public ETag is the version plus a hash of the site config, whose URL differs between the two
    // workers (their ports): the version must survive the restore, the hash may not match.
    const etag = p.startsWith("/api/v1/articles/")
      ? (res.headers.get("etag")?.replace(/-[0-9a-f]+"$/, '-<site>"') ?? null)
      : null;
    out[p] = {
      status: res.status,
      type: res.headers.get("content-type"),
      location: local(res.headers.get("location")),
      etag,
      body: local(await res.text()) ?? "",
    };
  }
  return out;
}

const contentTables = (data: Backup) => {
  const { api_tokens: _tokens, ...rest } = data.tables;
  return rest;
};

describe("backup: export → wipe → import → identical public output", () => {
  let source: LocalWorker;
  let restored: LocalWorker;
  let data: Backup;
  let paths: string[];
  let before: Record<string, Snapshot>;

  beforeAll(async () => {
    [source, restored] = await Promise.all([startWorker(), startWorker({ seed: false })]);
    const [first, second] = source.articles.filter((a) => a.status === "published");
    if (!first || !second) throw new Error("the sample needs two published articles");
    await editorCall(
      source,
      "PATCH",
      `/api/v1/articles/${first.id}`,
      { slug: `${first.slug}-renamed` },
      {
        "if-match": `"a${first.id}-v1"`,
      },
    );
    await editorCall(source, "DELETE", `/api/v1/articles/${second.id}`);
    await editorCall(source, "POST", "/api/v1/articles", {
      title: "长文备份测试",
      status: "published",
      publishedAt: "2021-01-02T03:04:05+08:00",
      slug: "big-cjk-article",
      tags: ["备份"],
      body: BIG_BODY,
    });
    data = await exportDatabase(source.d1);
    paths = await publicPaths(source, data);
    before = await snapshot(source, paths);
  });
  afterAll(async () => {
    await Promise.all([source?.stop(), restored?.stop()]);
  });

  it("exports articles, every slug, scopes, revisions and token metadata, but no secret or hash", async () => {
    expect(data.counts).toMatchObject({ articles: 6, article_slugs: 7, article_revisions: 8 });
    expect(data.counts.article_scopes).toBeGreaterThan(6);
    const text = JSON.stringify(data);
    const { results } = await source.d1
      .prepare("select token_hash from api_tokens")
      .all<{ token_hash: string }>();
    for (const { token_hash } of results) expect(text).not.toContain(token_hash);
    expect(text).not.toContain(source.token);
    expect(text).not.toContain("token_hash");
    expect(Object.keys(table(data, "api_tokens")[0] ?? {}).sort()).toEqual(
      ["created_at", "expires_at", "id", "last_used_at", "name", "revoked_at", "scopes"].sort(),
    );
  });

  it("restores into a fresh database with byte-identical public output", async () => {
    const counts = await importDatabase(restored.d1, data);
    expect(counts).toMatchObject({ articles: 6, article_slugs: 7, article_revisions: 8 });
    expect(paths.length).toBeGreaterThan(25);
    for (const feed of ["/feed.xml", "/atom.xml", "/feed.json", "/api/v1/articles/big-cjk-article"]) {
      expect(before[feed]?.status, feed).toBe(200);
    }
    expect(Object.values(before).some((s) => s.status === 410)).toBe(true);
    expect(await snapshot(restored, paths)).toEqual(before);
    const again = (await exportDatabase(restored.d1)) as Backup;
    expect(contentTables(again)).toEqual(contentTables(data));
  });

  it("exports a deflated body as its HTML and stores it deflated again on restore", async () => {
    const deflated =
      "select body_html, length(body_html_z) as z from articles where slug = 'big-cjk-article'";
    const stored = (d1: LocalWorker["d1"]) => d1.prepare(deflated).first<{ body_html: string; z: number }>();
    expect(await stored(source.d1)).toMatchObject({ body_html: "" });
    expect((await stored(source.d1))?.z).toBeGreaterThan(0);
    const big = table(data, "articles").find((row) => row.slug === "big-cjk-article");
    expect(big).not.toHaveProperty("body_html_z");
    expect(String(big?.body_html)).toContain(BIG_BODY.slice(0, 200));
    // The restore test above imported `data` into `restored`.
    expect(await stored(restored.d1)).toMatchObject({ body_html: "" });
    expect((await stored(restored.d1))?.z).toBeGreaterThan(0);
  });

  it("brings tokens back as revoked records only", async () => {
    const { results } = await restored.d1
      .prepare("select id, token_hash, revoked_at from api_tokens where token_hash like 'revoked:%'")
      .all<{ id: string; token_hash: string; revoked_at: number | null }>();
    expect(results.map((r) => r.id).sort()).toEqual(
      table(data, "api_tokens")
        .map((t) => t.id)
        .sort(),
    );
    for (const row of results) expect(row.revoked_at).not.toBeNull();
    const replayed = await restored.fetch("/api/v1/articles?status=draft", {
      headers: { authorization: `Bearer ${source.token}` },
    });
    expect(replayed.status).toBe(401);
  });

  it("refuses a non-empty database unless forced, and --force replaces the content", async () => {
    await expect(importDatabase(restored.d1, data)).rejects.toThrow(/not empty.*--force/);
    await importDatabase(restored.d1, data, { force: true });
    expect(await snapshot(restored, paths)).toEqual(before);
  });

  it("keeps identities working after the restore: new ids follow, old slugs stay reserved", async () => {
    const maxId = Math.max(...table(data, "articles").map((a) => Number(a.id)));
    const created = await editorCall(restored, "POST", "/api/v1/articles", { title: "恢复后新稿" });
    expect(created?.id).toBe(maxId + 1);
    const renamed = table(data, "article_slugs").find((s) => String(s.slug).endsWith("-renamed"));
    const oldSlug = String(renamed?.slug).replace(/-renamed$/, "");
    const clash = await restored.fetch("/api/v1/articles", {
      method: "POST",
      headers: { authorization: `Bearer ${restored.token}`, "content-type": "application/json" },
      body: JSON.stringify({ title: "抢占旧地址", slug: oldSlug }),
    });
    expect(clash.status).toBe(409);
  });

  it("restores through the wrangler CLI adapter too (values inlined, long text in pieces)", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "enf-backup-wrangler-"));
    try {
      await migrateLocal({ persistTo: dir });
      const cli = wranglerD1({ persistTo: dir });
      let largest = 0;
      const measured = {
        ...cli,
        batch: (statements: SqlStatement[]) => {
          // The wrangler CLI adapter's statements render to SQL text.
          for (const st of statements as (SqlStatement & { toSql(): string })[])
            largest = Math.max(largest, Buffer.byteLength(st.toSql()));
          return cli.batch(statements);
        },
      };
      await importDatabase(measured, data);
      // D1 refuses SQL statements over 100 000 bytes; the big article needed many appends to fit.
      expect(largest).toBeGreaterThan(40_000);
      expect(largest).toBeLessThan(100_000);
      const local = await openLocalD1({ persistTo: dir });
      try {
        expect(contentTables(await exportDatabase(local.d1))).toEqual(contentTables(data));
      } finally {
        await local.dispose();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it("npm run import / export work on wrangler's local files", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "enf-backup-cli-"));
    const node = (script: string, ...args: string[]) =>
      exec(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts", script), ...args], { cwd: ROOT });
    try {
      const file = path.join(dir, "backup.json");
      await writeFile(file, JSON.stringify(data));
      const state = path.join(dir, "state");
      await node("import.ts", "--file", file, "--persist-to", state);
      await expect(node("import.ts", "--file", file, "--persist-to", state)).rejects.toThrow(/not empty/);
      const out = path.join(dir, "out.json");
      await node("export.ts", "--file", out, "--persist-to", state);
      await expect(node("export.ts", "--file", out, "--persist-to", state)).rejects.toThrow(/--force/);
      expect(((await stat(out)).mode & 0o777).toString(8)).toBe("600");
      const exported = JSON.parse(await readFile(out, "utf8")) as Backup;
      expect(contentTables(exported)).toEqual(contentTables(data));
      const { stdout } = await exec(
        path.join(ROOT, "node_modules/.bin/wrangler"),
        [
          "d1",
          "execute",
          "DB",
          "--local",
          "--persist-to",
          state,
          "--json",
          "--command",
          "select count(*) as n from articles",
        ],
        { cwd: ROOT },
      );
      expect(JSON.parse(stdout.slice(stdout.indexOf("[")))[0].results[0].n).toBe(data.counts.articles);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
