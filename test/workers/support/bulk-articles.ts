// Thousands of published articles in a few statements, for archive volume tests: the same rows
// insertArticle writes for a published article with one tag (article, slug, site and tag scope rows),
// generated inside SQLite by a recursive CTE instead of one API round trip each.
import { env } from "cloudflare:workers";

export interface BulkRun {
  /** Unique among all runs of a test file (letters and digits): slugs are derived from it. */
  prefix: string;
  /** Number in the first article's guid; the others count up from it. */
  firstGuid: number;
  tag: string;
  count: number;
  /** Publication time of the first article, then one every `stepMs`. */
  firstAt: number;
  stepMs: number;
}

/** Inserts the run's articles and returns their guids, oldest first. */
export async function insertBulkArticles(run: BulkRun): Promise<string[]> {
  const base = run.firstGuid;
  const seq = `with recursive seq(i) as (select 0 union all select i + 1 from seq where i < ?1 - 1)`;
  const at = "(?2 + i * ?3)";
  const guid = `printf('urn:uuid:00000000-0000-4000-8000-%012d', ?4 + i)`;
  await env.DB.batch([
    env.DB.prepare(
      `${seq} insert into articles (guid, slug, status, title, subtitle, summary, summary_is_derived,
         language, body_source, body_format, body_html, section, tags, authors, editors,
         published_at, published_offset, created_at, updated_at, public_changed_at, version, write_id)
       select ${guid}, ?5 || '-' || i, 'published', 'Bulk ' || ?5 || ' ' || i, null, 'Summary ' || i, 0,
         'en', null, 'html', '<p>Body ' || i || '</p>', '[]',
         json_array(?6), '[]', '[]', ${at}, 0, ${at}, ${at}, ${at}, 1, 'bulk-' || ?5 || '-' || i
       from seq`,
    ).bind(run.count, run.firstAt, run.stepMs, base, run.prefix, run.tag),
    env.DB.prepare(
      `insert into article_slugs (slug, article_id, created_at)
       select slug, id, created_at from articles where slug like ?1 || '-%' and write_id like 'bulk-' || ?1 || '-%'`,
    ).bind(run.prefix),
    env.DB.prepare(
      `insert into article_scopes (kind, key, article_id, listed, published_at, public_changed_at, write_id)
       select s.kind, s.key, a.id, 1, a.published_at, a.published_at, a.write_id
       from articles a join (select 'site' as kind, '' as key union all select 'tag', ?2) s
       where a.write_id like 'bulk-' || ?1 || '-%'`,
    ).bind(run.prefix, run.tag),
  ]);
  return Array.from(
    { length: run.count },
    (_, i) => `urn:uuid:00000000-0000-4000-8000-${String(base + i).padStart(12, "0")}`,
  );
}
