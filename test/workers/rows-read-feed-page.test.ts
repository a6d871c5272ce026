// What D1's meta.rows_read counts, and what a feed page costs under it: every cursor step counts
// once (an index entry and its own table row are one step), every join lookup counts once more. So
// a page joining scope rows to articles reads 2 rows per item; the site feed reads articles alone,
// and a scope's feed keys its listing index alone (the scope rows carry the write id).
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { listPublicHeads } from "../../src/db/article-queries";
import { createDb } from "../../src/db/client";
import {
  listBodiesById,
  listPublicArticlesById,
  listPublicEntries,
  listPublicEntryKeys,
} from "../../src/db/feed-queries";
import { SITE_SCOPE } from "../../src/domain/scope";
import type { Keyset } from "../../src/lib/cursor";
import { chineseArticle, draftArticle } from "../fixtures/articles";
import { countingD1 } from "./caching/support";
import { insertBulkArticles } from "./support/bulk-articles";
import { db } from "./support/database";
import { createArticle, jsonRequest, mintToken } from "./support/helpers";

const ITEMS = 20;
const TAG = { kind: "tag", key: "page" } as const;

beforeAll(async () => {
  await insertBulkArticles({
    prefix: "page",
    firstGuid: 1,
    tag: "page",
    count: 2500,
    firstAt: Date.UTC(2021, 0, 1),
    stepMs: 60_000,
  });
  const { secret } = await mintToken();
  const hour = 3_600_000;
  await createArticle(secret, draftArticle({ slug: "page-draft", publishedAt: new Date().toISOString() }));
  await createArticle(
    secret,
    chineseArticle({
      slug: "page-later",
      status: "scheduled",
      publishedAt: new Date(Date.now() + hour).toISOString(),
    }),
  );
  const gone = await createArticle(
    secret,
    chineseArticle({ slug: "page-gone", publishedAt: new Date().toISOString() }),
  );
  await jsonRequest("DELETE", `/api/v1/articles/${gone.id}`, secret, undefined);
  await createArticle(secret, chineseArticle({ slug: "page-public", publishedAt: new Date().toISOString() }));
});

async function rowsRead(statement: string): Promise<number> {
  return (await env.DB.prepare(statement).all()).meta.rows_read;
}

/** The keyset of the tag's 2,001st newest article (bulk articles are in the site scope too). */
async function deepKeyset(): Promise<Keyset> {
  const deep = await env.DB.prepare(
    `select published_at as at, article_id as id from article_scopes
      where kind = 'tag' and key = 'page' and listed = 1
      order by published_at desc, article_id desc limit 1 offset 2000`,
  ).first<Keyset>();
  expect(deep).not.toBeNull();
  return deep ?? { at: 0, id: 0 };
}

/** Rows read by one listing page, bodies already in this isolate (a warm feed). */
async function pageRows(scope: typeof SITE_SCOPE | typeof TAG, before: Keyset | null = null) {
  const options = { now: Date.now(), limit: ITEMS + 1, before };
  await listPublicEntries(db(), scope, options);
  const { db: counting, counter } = countingD1();
  const rows = await listPublicEntries(createDb(counting), scope, options);
  return { rows, read: counter.rowsRead };
}

describe("D1 rows read", () => {
  it("counts an index entry with its table row once, and each join lookup once more", async () => {
    const scopesOnly = `select article_id, public_changed_at from article_scopes
      where kind = 'tag' and key = 'page' and listed = 1 order by published_at desc limit ${ITEMS}`;
    expect(await rowsRead(scopesOnly)).toBe(ITEMS);
    const joined = `select a.title from article_scopes s join articles a on a.id = s.article_id
      where s.kind = 'tag' and s.key = 'page' and s.listed = 1 order by s.published_at desc limit ${ITEMS}`;
    expect(await rowsRead(joined)).toBe(2 * ITEMS);
  });

  it("a site feed page reads one row per item at 2,500 articles", async () => {
    const { rows, read } = await pageRows(SITE_SCOPE);
    expect(rows).toHaveLength(ITEMS + 1);
    expect(read).toBeLessThanOrEqual(ITEMS + 1 + 3);
  });

  it("a tag feed page stays at the join's floor: two rows per item", async () => {
    const { rows, read } = await pageRows(TAG);
    expect(rows).toHaveLength(ITEMS + 1);
    expect(read).toBe(2 * (ITEMS + 1));
  });

  it("a cursor page 2,000 items deep reads what a first page reads, site and tag", async () => {
    const before = await deepKeyset();
    const site = await pageRows(SITE_SCOPE, before);
    expect(site.rows).toHaveLength(ITEMS + 1);
    expect(site.rows[0]?.id).toBeLessThan(before.id);
    expect(site.read).toBeLessThanOrEqual(ITEMS + 1 + 3);
    const tag = await pageRows(TAG, before);
    expect(tag.rows).toHaveLength(ITEMS + 1);
    // The seek starts at the cursor's own published_at, so the cursor row itself is stepped over.
    expect(tag.read).toBeLessThanOrEqual(2 * (ITEMS + 1) + 1);
  });

  it("the keys of a page newer than a deep cursor read one row per item, site and tag", async () => {
    const now = Date.now();
    const after = await deepKeyset();
    for (const scope of [SITE_SCOPE, TAG]) {
      const { db: counting, counter } = countingD1();
      const newer = await listPublicEntryKeys(createDb(counting), scope, { now, after, limit: ITEMS + 1 });
      expect(newer).toHaveLength(ITEMS + 1);
      expect(newer[0]?.publishedAt).toBeGreaterThanOrEqual(after.at);
      expect(counter.rowsRead).toBeLessThanOrEqual(ITEMS + 1 + 3);
    }
  });

  it("the site page lists exactly what the site scope rows list, hidden articles left out", async () => {
    const now = Date.now();
    const ids = (rows: { id: number }[]) => rows.map((r) => r.id);
    const first = await listPublicEntries(db(), SITE_SCOPE, { now, limit: ITEMS });
    expect(ids(first)).toEqual(ids(await listPublicHeads(db(), SITE_SCOPE, { now, limit: ITEMS })));
    const slugs = first.map((r) => r.slug);
    expect(slugs[0]).toBe("page-public");
    for (const hidden of ["page-draft", "page-later", "page-gone"]) expect(slugs).not.toContain(hidden);
    const last = first.at(-1);
    const before = last?.publishedAt ? { at: last.publishedAt, id: last.id } : null;
    expect(before).not.toBeNull();
    const next = await listPublicEntries(db(), SITE_SCOPE, { now, limit: ITEMS, before });
    expect(ids(next)).toEqual(ids(await listPublicHeads(db(), SITE_SCOPE, { now, limit: ITEMS, before })));
  });

  it("a feed's entry keys list what its heads list, one row read per key on the site and a tag", async () => {
    const now = Date.now();
    const before = await deepKeyset();
    for (const [scope, floor] of [
      [SITE_SCOPE, ITEMS + 1 + 3],
      [TAG, ITEMS + 1 + 3],
    ] as const) {
      for (const cursor of [null, before]) {
        const options = { now, limit: ITEMS + 1, before: cursor };
        const { db: counting, counter } = countingD1();
        const keys = await listPublicEntryKeys(createDb(counting), scope, options);
        const heads = await listPublicHeads(db(), scope, options);
        expect(keys.map((k) => [k.id, k.writeId, k.publishedAt])).toEqual(
          heads.map((h) => [h.id, h.writeId, h.publishedAt]),
        );
        expect(counter.rowsRead).toBeLessThanOrEqual(floor);
      }
    }
  });

  it("articles read by id for their entries leave out every hidden one, one row each", async () => {
    const now = Date.now();
    const ids = await env.DB.prepare(
      "select id from articles where slug in ('page-draft', 'page-later', 'page-gone', 'page-public')",
    ).all<{ id: number }>();
    expect(ids.results).toHaveLength(4);
    const { db: counting, counter } = countingD1();
    const rows = await listPublicArticlesById(
      createDb(counting),
      ids.results.map((r) => r.id),
      now,
    );
    expect(rows.map((r) => r.slug)).toEqual(["page-public"]);
    expect(rows[0]?.bodyHtml).toContain("<p>");
    // A VALUES list of ids drives the seeks: D1 counts the seek alone (an IN list's step counts too).
    expect(counter.rowsRead).toBe(4);
    // The archives' bodies by id (listed already, so no visibility check): the same one row each.
    const bodies = countingD1();
    const read = await listBodiesById(
      createDb(bodies.db),
      ids.results.map((r) => r.id),
    );
    expect(read).toHaveLength(4);
    expect(bodies.counter.rowsRead).toBe(4);
  });
});
