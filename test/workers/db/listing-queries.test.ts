// Direct tests of the listing queries in src/db/ against the real local D1, beside the route tests
// that reach them through HTTP. Articles are written through the API so the scope index is real.
import { beforeAll, describe, expect, it } from "vitest";
import { listForEditors, listPublicPage, scopeLastChanged } from "../../../src/db/article-queries";
import { type Scope, SITE_SCOPE } from "../../../src/domain/scope";
import { chineseArticle, draftArticle, englishArticle } from "../../fixtures/articles";
import { db, resetDatabase } from "../support/database";
import { createArticle, mintToken, request } from "../support/helpers";

const section = (key: string): Scope => ({ kind: "section", key });
const at = (iso: string) => Date.parse(iso);

/** Two public articles, a draft, a schedule far ahead and a deleted one, written through the API. */
async function seed() {
  await resetDatabase();
  const { secret } = await mintToken();
  const older = await createArticle(secret, chineseArticle({ slug: "q-older" }));
  const newer = await createArticle(secret, englishArticle({ slug: "q-newer" }));
  const draft = await createArticle(secret, draftArticle({ slug: "q-draft", section: ["City", "Housing"] }));
  const later = await createArticle(
    secret,
    englishArticle({ slug: "q-later", status: "scheduled", publishedAt: "2999-01-01T00:00:00Z" }),
  );
  const deleted = await createArticle(secret, englishArticle({ slug: "q-deleted" }));
  const res = await request(`/api/v1/articles/${deleted.id}`, {
    method: "DELETE",
    headers: { authorization: `Bearer ${secret}` },
  });
  expect(res.status).toBe(204);
  return { older, newer, draft, later, deleted, writesDoneAt: Date.now() };
}

let seeded: Awaited<ReturnType<typeof seed>>;
beforeAll(async () => {
  seeded = await seed();
});

const ids = (rows: { id: number }[]) => rows.map((r) => r.id);

describe("listPublicPage", () => {
  it("lists what is public now, newest publication first", async () => {
    const rows = await listPublicPage(db(), SITE_SCOPE, { now: seeded.writesDoneAt, limit: 10 });
    expect(ids(rows)).toEqual([seeded.newer.id, seeded.older.id]);
  });

  it("pages by keyset: each page starts below the last row of the previous one", async () => {
    const first = await listPublicPage(db(), SITE_SCOPE, { now: seeded.writesDoneAt, limit: 1 });
    expect(ids(first)).toEqual([seeded.newer.id]);
    const last = first[0];
    if (!last?.publishedAt) throw new Error("a listed article has a publication time");
    const before = { at: last.publishedAt, id: last.id };
    const second = await listPublicPage(db(), SITE_SCOPE, { now: seeded.writesDoneAt, limit: 1, before });
    expect(ids(second)).toEqual([seeded.older.id]);
    const end = { at: at(seeded.older.publishedAt ?? ""), id: seeded.older.id };
    expect(
      await listPublicPage(db(), SITE_SCOPE, { now: seeded.writesDoneAt, limit: 1, before: end }),
    ).toEqual([]);
  });

  it("shows a scheduled article once its time has come, not before", async () => {
    const when = at("2999-01-01T00:00:00Z");
    expect(ids(await listPublicPage(db(), SITE_SCOPE, { now: when - 1, limit: 10 }))).not.toContain(
      seeded.later.id,
    );
    expect(ids(await listPublicPage(db(), SITE_SCOPE, { now: when, limit: 10 }))[0]).toBe(seeded.later.id);
  });

  it("filters a section by whole breadcrumb levels", async () => {
    const list = (key: string) => listPublicPage(db(), section(key), { now: seeded.writesDoneAt, limit: 10 });
    expect(ids(await list("City"))).toEqual([seeded.newer.id]);
    expect(ids(await list("City/Transport"))).toEqual([seeded.newer.id]);
    expect(await list("Cit")).toEqual([]);
    expect(await list("Transport")).toEqual([]);
  });
});

describe("scopeLastChanged", () => {
  it("reports no change for a scope that never listed anything, or before any public change", async () => {
    expect(await scopeLastChanged(db(), { kind: "tag", key: "no-such-tag" }, seeded.writesDoneAt)).toBeNull();
    // Scope rows of never-public articles (the draft, the schedule) carry change time 0, so the
    // site answers 0 rather than null here; callers treat both as "never public" (`!changed`).
    expect(await scopeLastChanged(db(), SITE_SCOPE, at("2020-01-01T00:00:00Z"))).toBe(0);
  });

  it("moves with the site's last public change (the delete) and ignores later schedules", async () => {
    const changed = await scopeLastChanged(db(), SITE_SCOPE, seeded.writesDoneAt);
    expect(changed).not.toBeNull();
    expect(changed).toBeGreaterThanOrEqual(at(seeded.newer.createdAt));
    expect(changed).toBeLessThanOrEqual(seeded.writesDoneAt);
  });
});

describe("listForEditors with a section filter", () => {
  it("finds drafts by their own breadcrumb, which the public index does not list", async () => {
    const rows = await listForEditors(db(), { scope: section("City") }, { limit: 10 });
    expect(ids(rows).sort()).toEqual([seeded.newer.id, seeded.draft.id, seeded.later.id].sort());
    expect(await listForEditors(db(), { scope: section("Cit") }, { limit: 10 })).toEqual([]);
  });

  it("leaves deleted articles out unless asked", async () => {
    const all = await listForEditors(db(), { deleted: "only" }, { limit: 10 });
    expect(ids(all)).toEqual([seeded.deleted.id]);
  });
});
