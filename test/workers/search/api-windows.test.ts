// A corpus larger than one search window (SEARCH_WINDOW index matches): the API's cursor pages
// through every public match exactly once, the search feed still leads with the newest
// publication, and forged window cursors are refused.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { rebuildSearchIndex } from "../../../scripts/lib/search-rebuild";
import { SEARCH_WINDOW } from "../../../src/db/search-queries";
import { insertBulkArticles } from "../support/bulk-articles";
import { resetDatabase } from "../support/database";
import { request } from "../support/helpers";
import { addArticle } from "../support/search-corpus";

const BULK = SEARCH_WINDOW + 150;
let scheduledId = 0;
let draftId = 0;
const publicIds: number[] = [];

interface SearchPage {
  items: { id: number }[];
  nextCursor: string | null;
}

beforeAll(async () => {
  await resetDatabase();
  // Written before the whole archive (the lowest ids), public only from mid-2021: newer than all of it.
  scheduledId = (
    await addArticle({
      title: "Bulk 预约稿",
      body: "<p>bulk</p>",
      status: "scheduled",
      publishedAt: "2021-06-01T08:00:00+08:00",
    })
  ).id;
  draftId = (await addArticle({ title: "Bulk 草稿", body: "<p>bulk secret</p>", status: "draft" })).id;
  await insertBulkArticles({
    prefix: "win",
    firstGuid: 1,
    tag: "社区",
    count: BULK,
    firstAt: Date.parse("2020-01-01T00:00:00Z"),
    stepMs: 60_000,
  });
  await rebuildSearchIndex(env.DB);
  const { results } = await env.DB.prepare(
    "select id from articles where slug like 'win-%' order by id",
  ).all<{
    id: number;
  }>();
  publicIds.push(scheduledId, ...results.map((r) => r.id));
}, 120_000);

describe("search over more matches than one window", () => {
  it("pages through every public match exactly once with the API's cursor", async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await request(`/api/v1/articles?q=bulk&limit=100${cursor ? `&cursor=${cursor}` : ""}`);
      expect(res.status, await res.clone().text()).toBe(200);
      const page = (await res.json()) as SearchPage;
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 40);
    expect(seen).toHaveLength(publicIds.length);
    expect([...seen].sort((a, b) => a - b)).toEqual(publicIds);
    expect(seen).not.toContain(draftId);
  });

  it("heads the search feed with the newest publication, though its id is older than a window of matches", async () => {
    const res = await request("/search/feed.json?q=bulk");
    expect(res.status).toBe(200);
    const feed = (await res.json()) as { items: { title: string }[] };
    expect(feed.items[0]?.title).toBe("Bulk 预约稿");
    expect(feed.items[1]?.title).toBe(`Bulk win ${BULK - 1}`);
    expect(JSON.stringify(feed)).not.toContain("草稿");
  });

  it("refuses a forged window cursor with a problem at /cursor, and the page with a 400", async () => {
    for (const forged of ["s2.x", "s2.-5", "s2.12.2.0.5.1", "s2.12.1.0.5.", "s2.n.1.NaN.3", "s3.n"]) {
      const res = await request(`/api/v1/articles?q=bulk&cursor=${btoa(forged).replaceAll("=", "")}`);
      expect(res.status, forged).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      const body = (await res.json()) as { errors: { pointer: string }[] };
      expect(body.errors[0]?.pointer).toBe("/cursor");
      const page = await request(`/search?q=bulk&cursor=${encodeURIComponent(btoa(forged))}`);
      expect(page.status, forged).toBe(400);
    }
  });
});
