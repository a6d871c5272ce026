// After a load run: compares what the API acknowledged with what the database and the feeds hold.
import type { RevisionUndo } from "../../src/domain/revision-undo";
import { applyTextPatch } from "../../src/lib/text-patch";
import type { SqlDatabase } from "./sql-database";

/** The part of startLocalWorker's handle this reads. */
export interface VerifiedWorker {
  url: string;
  d1: SqlDatabase;
  fetch(path: string, init?: RequestInit): Promise<Response>;
}

/** A 201 the load test read: the article as created. */
export interface CreatedByLoad {
  id: number;
  slug: string;
  title: string;
  section: string[];
}

/** A 200 answer to an If-Match PATCH: the version it made and the title it set. */
export interface PatchedByLoad {
  id: number;
  version: number;
  title: string;
}

interface ArticleRow {
  id: number;
  slug: string;
  title: string;
  version: number;
}

async function feedSlugs(worker: VerifiedWorker, path: string): Promise<string[]> {
  const slugs: string[] = [];
  let next: string | null = `${path}${path.includes("?") ? "&" : "?"}limit=100`;
  for (let page = 0; next && page < 1000; page++) {
    const res = await worker.fetch(next.replace(worker.url, ""));
    if (res.status !== 200) throw new Error(`${next}: ${res.status}`);
    const doc = (await res.json()) as { items: { url: string }[]; next_url?: string };
    for (const item of doc.items)
      slugs.push(decodeURIComponent(new URL(item.url).pathname.split("/").pop() ?? ""));
    next = doc.next_url ?? null;
  }
  return slugs;
}

async function rowsById(d1: SqlDatabase, ids: number[]): Promise<Map<number, ArticleRow>> {
  const rows = new Map<number, ArticleRow>();
  for (let i = 0; i < ids.length; i += 90) {
    const chunk = ids.slice(i, i + 90);
    const { results } = await d1
      .prepare(
        `select id, slug, title, version from articles where id in (${chunk.map(() => "?").join(",")})`,
      )
      .bind(...chunk)
      .all<ArticleRow>();
    for (const r of results) rows.set(r.id, r);
  }
  return rows;
}

export async function verifyNothingLost(
  worker: VerifiedWorker,
  { created, patched }: { created: CreatedByLoad[]; patched: PatchedByLoad[] },
) {
  const ids = [...new Set(created.map((c) => c.id))];
  const rows = await rowsById(worker.d1, [...new Set([...ids, ...patched.map((p) => p.id)])]);
  const createdFound = ids.filter((id) => rows.has(id)).length;

  // Each acknowledged edit must be the stored revision of the version it was given, and the
  // article must not have gone back below it. (A later version may come from a request still in
  // flight when the run stopped: applied, but its answer never read.)
  let patchesReflected = 0;
  let lostEdits = 0;
  for (const p of patched) {
    const row = rows.get(p.id);
    const ok =
      row && row.version >= p.version && (await titleAtVersion(worker.d1, p.id, p.version)) === p.title;
    if (ok) patchesReflected++;
    else lostEdits++;
  }

  const { results: mismatched } = await worker.d1
    .prepare(
      "select a.id from articles a where a.version != (select count(*) from article_revisions r where r.article_id = a.id)",
    )
    .all();
  const { results: loadRows } = await worker.d1
    .prepare("select count(*) as n from articles where slug like 'load-%'")
    .all<{ n: number }>();

  const site = new Set(await feedSlugs(worker, "/feed.json"));
  const sections = new Map<string, Set<string>>();
  let inSectionFeed = 0;
  for (const c of created) {
    const top = String(c.section[0]);
    if (!sections.has(top))
      sections.set(top, new Set(await feedSlugs(worker, `/section/${encodeURIComponent(top)}/feed.json`)));
    if (sections.get(top)?.has(c.slug)) inSectionFeed++;
  }
  const inSiteFeed = created.filter((c) => site.has(c.slug)).length;
  return {
    createdFound,
    patchesReflected,
    inSiteFeed,
    inSectionFeed,
    revisionMismatches: mismatched.length,
    // Articles in the DB beyond the acknowledged ones were cut off mid-flight by the end of the run.
    unacknowledged: Math.max(0, (loadRows[0]?.n ?? 0) - ids.length),
    duplicates: created.length - ids.length,
    lost:
      ids.length -
      createdFound +
      lostEdits +
      (created.length - inSiteFeed) +
      (created.length - inSectionFeed),
  };
}

/**
 * The title the article had at `version`, rebuilt the way the worker rebuilds revisions: from the
 * article row down through each newer revision's undo (src/domain/revision-undo.ts).
 */
async function titleAtVersion(d1: SqlDatabase, id: number, version: number): Promise<string | null> {
  const article = await d1
    .prepare("select title, version from articles where id = ?")
    .bind(id)
    .first<{ title: string; version: number }>();
  if (!article) return null;
  const { results } = await d1
    .prepare(
      "select version, undo from article_revisions where article_id = ? and version > ? order by version desc",
    )
    .bind(id, version)
    .all<{ version: number; undo: string | null }>();
  if (results.length !== article.version - version) return null;
  let title: string = article.title;
  for (const revision of results) {
    const undo = revision.undo ? (JSON.parse(revision.undo) as RevisionUndo) : {};
    const earlier = undo.set?.title;
    if (typeof earlier === "string") title = earlier;
    const script = undo.patch?.title;
    if (script) title = applyTextPatch(title, script);
  }
  return title;
}
