// Direct tests of the listing queries in src/db/ against the real local D1, beside the route tests
// that reach them through HTTP. Articles are written through the API so the scope index is real.
import { beforeAll, describe, expect, it } from "vitest";
import { listForEditors, listPublicPage, scopeLastChanged } from "../../../src/db/article-queries";
import { type Scope, SITE_SCOPE } from "../../../src/domain/scope";
import { chineseArticle, draftArticle, englishArticle } from "../../fixtures/articles";
import { type ApiArticle, createArticle, db, mintToken, request, resetDatabase } from "../support/helpers";

const section = (key: string): Scope => ({ kind: "section", key });
const at = (iso: string) => Date.parse(iso);

let older: ApiArticle;
let newer: ApiArticle;
let draft: ApiArticle;
let deleted: ApiArticle;
let later: ApiArticle;
let writesDoneAt: number;

beforeAll(async () => {
  await resetDatabase();
  const { secret } = await mintToken();
  older = await createArticle(secret, chineseArticle({ slug: "q-older" }));
  newer = await createArticle(secret, englishArticle({ slug: "q-newer" }));
  draft = await createArticle(secret, draftArticle({ slug: "q-draft", section: ["City", "Housing"] }));
  later = await createArticle(
    secret,
    englishArticle({ slug: "q-later", status: "scheduled", publishedAt: "2999-01-01T00:00:00Z" }),
  );
  deleted = await createArticle(secret, englishArticle({ slug: "q-deleted" }));
  const res = await request(`/api/v1/articles/${deleted.id}`, {
    method: "DELETE",
    headers: { authorization: `Bearer ${secret}` },
  });
  expect(res.status).toBe(204);
  writesDoneAt = Date.now();
});

const ids = (rows: { id: number }[]) => rows.map((r) => r.id);

describe("listPublicPage", () => {
  it("lists what is public now, newest publication first", async () => {
    const rows = await listPublicPage(db(), SITE_SCOPE, { now: writesDoneAt, limit: 10 });
    expect(ids(rows)).toEqual([newer.id, older.id]);
  });

  it("pages by keyset: each page starts below the last row of the previous one", async () => {
    const first = await listPublicPage(db(), SITE_SCOPE, { now: writesDoneAt, limit: 1 });
    expect(ids(first)).toEqual([newer.id]);
    const last = first[0];
    if (!last?.publishedAt) throw new Error("a listed article has a publication time");
    const before = { at: last.publishedAt, id: last.id };
    const second = await listPublicPage(db(), SITE_SCOPE, { now: writesDoneAt, limit: 1, before });
    expect(ids(second)).toEqual([older.id]);
    const end = { at: at(older.publishedAt ?? ""), id: older.id };
    expect(await listPublicPage(db(), SITE_SCOPE, { now: writesDoneAt, limit: 1, before: end })).toEqual([]);
  });

  it("shows a scheduled article once its time has come, not before", async () => {
    const when = at("2999-01-01T00:00:00Z");
    expect(ids(await listPublicPage(db(), SITE_SCOPE, { now: when - 1, limit: 10 }))).not.toContain(later.id);
    expect(ids(await listPublicPage(db(), SITE_SCOPE, { now: when, limit: 10 }))[0]).toBe(later.id);
  });

  it("filters a section by whole breadcrumb levels", async () => {
    const list = (key: string) => listPublicPage(db(), section(key), { now: writesDoneAt, limit: 10 });
    expect(ids(await list("City"))).toEqual([newer.id]);
    expect(ids(await list("City/Transport"))).toEqual([newer.id]);
    expect(await list("Cit")).toEqual([]);
    expect(await list("Transport")).toEqual([]);
  });
});

describe("scopeLastChanged", () => {
  it("reports no change for a scope that never listed anything, or before any public change", async () => {
    expect(await scopeLastChanged(db(), { kind: "tag", key: "no-such-tag" }, writesDoneAt)).toBeNull();
    // Scope rows of never-public articles (the draft, the schedule) carry change time 0, so the
    // site answers 0 rather than null here; callers treat both as "never public" (`!changed`).
    expect(await scopeLastChanged(db(), SITE_SCOPE, at("2020-01-01T00:00:00Z"))).toBe(0);
  });

  it("moves with the site's last public change (the delete) and ignores later schedules", async () => {
    const changed = await scopeLastChanged(db(), SITE_SCOPE, writesDoneAt);
    expect(changed).not.toBeNull();
    expect(changed).toBeGreaterThanOrEqual(at(newer.createdAt));
    expect(changed).toBeLessThanOrEqual(writesDoneAt);
  });
});

describe("listForEditors with a section filter", () => {
  it("finds drafts by their own breadcrumb, which the public index does not list", async () => {
    const rows = await listForEditors(db(), { scope: section("City") }, { limit: 10 });
    expect(ids(rows).sort()).toEqual([newer.id, draft.id, later.id].sort());
    expect(await listForEditors(db(), { scope: section("Cit") }, { limit: 10 })).toEqual([]);
  });

  it("leaves deleted articles out unless asked", async () => {
    const all = await listForEditors(db(), { deleted: "only" }, { limit: 10 });
    expect(ids(all)).toEqual([deleted.id]);
  });
});
