// The listing and paging reads compiled once per isolate (src/db/public-heads.ts, feed-queries.ts)
// must return exactly what the drizzle builders they replaced return, at every cursor position and
// on both sides of a schedule's time, with drafts and deleted articles left out.
import { and, asc, desc, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { HEAD_COLUMNS, listPublicHeads } from "../../../src/db/article-queries";
import type { Db } from "../../../src/db/client";
import { listPublicEntryKeys } from "../../../src/db/feed-queries";
import { listPublicStoredRows } from "../../../src/db/public-heads";
import { articleScopes, articles } from "../../../src/db/schema";
import { articleRowPubliclyVisible, publiclyVisibleIn } from "../../../src/db/visibility";
import { type Scope, SITE_SCOPE } from "../../../src/domain/scope";
import type { Keyset } from "../../../src/lib/cursor";
import { chineseArticle, draftArticle, englishArticle } from "../../fixtures/articles";
import { db as createTestDb, resetDatabase } from "../support/database";
import { createArticle, jsonRequest, mintToken } from "../support/helpers";

const db = createTestDb();
const TAG: Scope = { kind: "tag", key: "heads" };
const SECTION: Scope = { kind: "section", key: "City" };
const SCHEDULED_AT = Date.parse("2031-06-01T00:00:00Z");
const BEFORE_SCHEDULE = SCHEDULED_AT - 1;
const AFTER_SCHEDULE = SCHEDULED_AT + 1;

// What the compiled statements replaced, kept here as drizzle wrote them per request.
function builderHeads(d: Db, scope: Scope, now: number, limit: number, before?: Keyset) {
  if (scope.kind === "site") {
    return d
      .select(HEAD_COLUMNS)
      .from(articles)
      .where(
        and(
          articleRowPubliclyVisible(now),
          before ? sql`(${articles.publishedAt}, ${articles.id}) < (${before.at}, ${before.id})` : undefined,
        ),
      )
      .orderBy(desc(articles.publishedAt), desc(articles.id))
      .limit(limit);
  }
  return d
    .select(HEAD_COLUMNS)
    .from(articleScopes)
    .innerJoin(articles, eq(articles.id, articleScopes.articleId))
    .where(
      and(
        publiclyVisibleIn(scope, now),
        before
          ? sql`(${articleScopes.publishedAt}, ${articleScopes.articleId}) < (${before.at}, ${before.id})`
          : undefined,
      ),
    )
    .orderBy(desc(articleScopes.publishedAt), desc(articleScopes.articleId))
    .limit(limit);
}

function builderNewer(d: Db, scope: Scope, now: number, after: Keyset, limit: number) {
  return d
    .select({ at: articleScopes.publishedAt, id: articleScopes.articleId })
    .from(articleScopes)
    .innerJoin(articles, eq(articles.id, articleScopes.articleId))
    .where(
      and(
        publiclyVisibleIn(scope, now),
        sql`(${articleScopes.publishedAt}, ${articleScopes.articleId}) > (${after.at}, ${after.id})`,
      ),
    )
    .orderBy(asc(articleScopes.publishedAt), asc(articleScopes.articleId))
    .limit(limit);
}

const slugs = (rows: { slug: string }[]) => rows.map((r) => r.slug);

beforeAll(async () => {
  await resetDatabase();
  const { secret } = await mintToken();
  const common = { tags: ["heads"], section: ["City"] };
  // Two pairs published at the same instant, so the keyset's id tie-break is exercised.
  const times = ["2021-01-01", "2021-01-02", "2021-01-02", "2021-01-03", "2021-01-03", "2021-01-04"];
  for (const [i, day] of times.entries()) {
    const make = i % 2 ? englishArticle : chineseArticle;
    await createArticle(secret, make({ ...common, slug: `heads-${i}`, publishedAt: `${day}T08:00:00Z` }));
  }
  await createArticle(secret, draftArticle({ ...common, slug: "heads-draft" }));
  await createArticle(
    secret,
    englishArticle({
      ...common,
      slug: "heads-scheduled",
      status: "scheduled",
      publishedAt: new Date(SCHEDULED_AT).toISOString(),
    }),
  );
  const gone = await createArticle(
    secret,
    chineseArticle({ ...common, slug: "heads-deleted", publishedAt: "2021-01-03T08:00:00Z" }),
  );
  expect((await jsonRequest("DELETE", `/api/v1/articles/${gone.id}`, secret, undefined)).status).toBe(204);
});

describe("compiled listing heads", () => {
  it("match the builder for site, tag and section, first page and after every cursor", async () => {
    for (const scope of [SITE_SCOPE, TAG, SECTION]) {
      for (const now of [BEFORE_SCHEDULE, AFTER_SCHEDULE]) {
        const all = await builderHeads(db, scope, now, 50);
        expect(await listPublicHeads(db, scope, { now, limit: 50 })).toStrictEqual(all);
        expect(await listPublicHeads(db, scope, { now, limit: 3 })).toStrictEqual(all.slice(0, 3));
        for (const head of all) {
          const before = { at: head.publishedAt ?? 0, id: head.id };
          const expected = await builderHeads(db, scope, now, 4, before);
          expect(await listPublicHeads(db, scope, { now, limit: 4, before })).toStrictEqual(expected);
        }
      }
    }
  });

  it("leave drafts and deleted articles out, and a schedule out until its time", async () => {
    for (const scope of [SITE_SCOPE, TAG]) {
      const early = slugs(await listPublicHeads(db, scope, { now: BEFORE_SCHEDULE, limit: 50 }));
      const late = slugs(await listPublicHeads(db, scope, { now: AFTER_SCHEDULE, limit: 50 }));
      expect(early).toEqual(["heads-5", "heads-4", "heads-3", "heads-2", "heads-1", "heads-0"]);
      expect(late).toEqual(["heads-scheduled", ...early]);
      // A cursor from the future (a forged or stale link) still shows nothing before its time.
      const future = { at: AFTER_SCHEDULE + 1, id: 1_000_000 };
      const paged = await listPublicHeads(db, scope, { now: BEFORE_SCHEDULE, limit: 50, before: future });
      expect(slugs(paged)).toEqual(early);
    }
  });

  it("pages newer than every position match the builder's keysets, oldest first, keys and rows", async () => {
    for (const scope of [SITE_SCOPE, TAG, SECTION]) {
      for (const now of [BEFORE_SCHEDULE, AFTER_SCHEDULE]) {
        const all = await builderHeads(db, scope, now, 50);
        for (const head of [...all, { publishedAt: 0, id: 0 }]) {
          const after = { at: head.publishedAt ?? 0, id: head.id };
          const expected = await builderNewer(db, scope, now, after, 3);
          const keys = await listPublicEntryKeys(db, scope, { now, after, limit: 3 });
          expect(keys.map((k) => ({ at: k.publishedAt, id: k.id }))).toStrictEqual(expected);
          const rows = await listPublicStoredRows(db, scope, { now, after, limit: 3 });
          expect(rows.map((r) => ({ at: r.publishedAt, id: r.id }))).toStrictEqual(expected);
        }
      }
      const newest = await listPublicEntryKeys(db, scope, {
        now: BEFORE_SCHEDULE,
        after: { at: 0, id: 0 },
        limit: 50,
      });
      expect(newest).toHaveLength(6);
    }
  });
});
