// Direct query tests for the one public visibility rule (src/db/visibility.ts): every query that
// uses it hides drafts, schedules whose time has not come, and deleted articles.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { periodCounts, periodMembersQuery } from "../../src/db/archive-queries";
import { listPublicPage, scopeState } from "../../src/db/article-queries";
import { listPublicRange } from "../../src/db/feed-queries";
import { listSitemapChunk, listSitemapChunks } from "../../src/db/sitemap-queries";
import { tagsInUse } from "../../src/db/tag-queries";
import { createArticleSchema } from "../../src/domain/article-input";
import { siteFromEnv } from "../../src/lib/site";
import { createArticle, deleteArticle } from "../../src/services/article-service";
import type { WriteContext } from "../../src/services/write-context";
import { englishArticle } from "../fixtures/articles";
import { db, resetDatabase } from "./support/database";

const now = Date.now();
const shared = { kind: "tag", key: "shared" } as const;
let publicId = 0;

function write(): WriteContext {
  const site = { ...siteFromEnv(env), websubHubUrl: null };
  return { db: db(), site, now, actor: { id: "tok_test", mayPublish: true }, waitUntil: () => {} };
}

async function create(tag: string, overrides: Record<string, unknown> = {}) {
  const input = createArticleSchema.parse(englishArticle({ tags: ["shared", tag], ...overrides }));
  return (await createArticle(write(), input)).article;
}

beforeAll(async () => {
  await resetDatabase();
  publicId = (await create("public-only")).id;
  await create("draft-only", { status: "draft", publishedAt: undefined });
  await create("future-only", { status: "scheduled", publishedAt: "2999-01-01T00:00:00Z" });
  await deleteArticle(write(), await create("deleted-only"));
});

describe("public visibility in db/ queries", () => {
  it("lists only the public article in a scope's page and range", async () => {
    const page = await listPublicPage(db(), shared, { now, limit: 10 });
    expect(page.map((a) => a.id)).toEqual([publicId]);
    const range = await listPublicRange(db(), shared, { now, from: 0, to: now + 1, limit: 10 });
    expect(range.map((a) => a.id)).toEqual([publicId]);
  });

  it("names only public articles' tags, and all of them with includeHidden", async () => {
    expect(await tagsInUse(db(), { now, includeHidden: false, limit: 10 })).toEqual([
      "public-only",
      "shared",
    ]);
    expect(await tagsInUse(db(), { now, includeHidden: true, limit: 10 })).toHaveLength(5);
  });

  it("counts only public articles in sitemaps, archives and scope state", async () => {
    expect((await listSitemapChunks(db(), now)).map((c) => c.page)).toEqual([1]);
    expect(await listSitemapChunk(db(), 1, now)).toHaveLength(1);
    const all = { start: 0, end: now + 1 };
    const members = await periodMembersQuery(db(), shared, now, all);
    expect(members.map((m) => m.id)).toEqual([publicId]);
    const ranges = { month: all, week: all, day: all };
    const counts = await periodCounts(db(), shared, { now, anchor: { at: now + 1, id: 0 }, ranges, cap: 0 });
    expect(counts).toEqual({ month: 1, week: 1, day: 1, dayBefore: 1 });
    expect((await scopeState(db(), shared, now)).listsArticles).toBe(true);
    for (const key of ["draft-only", "future-only", "deleted-only"]) {
      expect((await scopeState(db(), { kind: "tag", key }, now)).listsArticles).toBe(false);
    }
  });
});
