import { beforeEach, describe, expect, it } from "vitest";
import { chineseArticle, draftArticle, englishArticle } from "../fixtures/articles";
import { resetDatabase } from "./support/database";
import type { ApiArticle } from "./support/helpers";
import { createArticle, mintToken, patchArticle, request } from "./support/helpers";

beforeEach(resetDatabase);

interface Page {
  items: (ApiArticle & { removed?: boolean; changedAt?: string })[];
  nextCursor: string | null;
  next: string | null;
  nextUpdatedSince?: string;
}

const getPage = async (path: string) => (await (await request(path)).json()) as Page;

describe("GET /api/v1/articles (public)", () => {
  it("lists only published articles whose time has come, newest first, with CORS *", async () => {
    const { secret } = await mintToken();
    await createArticle(secret, chineseArticle({ slug: "older", publishedAt: "2020-12-01T08:00:00+08:00" }));
    await createArticle(secret, englishArticle({ slug: "newer", publishedAt: "2020-12-02T08:00:00+08:00" }));
    await createArticle(secret, draftArticle({ slug: "a-draft" }));
    await createArticle(
      secret,
      chineseArticle({ slug: "future", status: "scheduled", publishedAt: "2999-01-01T00:00:00+08:00" }),
    );
    const res = await request("/api/v1/articles", { headers: { origin: "https://reader.example" } });
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    const page = (await res.json()) as Page;
    expect(page.items.map((a) => a.slug)).toEqual(["newer", "older"]);
    expect(page.items[0]).not.toHaveProperty("body");
    expect(page.items[0]).not.toHaveProperty("createdBy");
    expect((await request("/api/v1/articles/future")).status).toBe(404);
    expect((await request("/api/v1/articles/a-draft")).status).toBe(404);
  });

  it("shows a scheduled article once its time has come", async () => {
    const { secret } = await mintToken();
    const soon = new Date(Date.now() + 1500).toISOString();
    await createArticle(secret, chineseArticle({ slug: "soon", status: "scheduled", publishedAt: soon }));
    expect((await request("/api/v1/articles/soon")).status).toBe(404);
    await new Promise((r) => setTimeout(r, 1700));
    expect((await request("/api/v1/articles/soon")).status).toBe(200);
  });

  it("pages with keyset cursors, visiting every article exactly once", async () => {
    const { secret } = await mintToken();
    for (let i = 0; i < 7; i++) {
      await createArticle(
        secret,
        englishArticle({ slug: `p-${i}`, publishedAt: `2020-12-0${i + 1}T08:00:00Z` }),
      );
    }
    const seen: string[] = [];
    let next: string | null = "/api/v1/articles?limit=3";
    while (next) {
      const page: Page = await getPage(next);
      seen.push(...page.items.map((a) => a.slug));
      next = page.next;
    }
    expect(seen).toEqual(["p-6", "p-5", "p-4", "p-3", "p-2", "p-1", "p-0"]);
  });

  it("delta-polls with updatedSince, including removals as tombstones", async () => {
    const { secret } = await mintToken();
    const a = await createArticle(secret, chineseArticle({ slug: "delta-a" }));
    const since = new Date(Date.now() - 1).toISOString();
    await new Promise((r) => setTimeout(r, 5));
    await patchArticle(secret, a.id, `"a${a.id}-v1"`, { title: "改过的标题" });
    const b = await createArticle(secret, englishArticle({ slug: "delta-b" }));
    await createArticle(secret, draftArticle({ slug: "delta-draft" }));
    await request(`/api/v1/articles/${b.id}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${secret}` },
    });
    const page = await getPage(`/api/v1/articles?updatedSince=${encodeURIComponent(since)}`);
    expect(page.items.map((i) => [i.id, i.removed])).toEqual([
      [a.id, false],
      [b.id, true],
    ]);
    expect(page.items[0]?.title).toBe("改过的标题");
    const after = await getPage(
      `/api/v1/articles?updatedSince=${encodeURIComponent(page.nextUpdatedSince ?? "")}`,
    );
    expect(after.items).toEqual([]);
  });

  it("filters by section level, tag and author", async () => {
    const { secret } = await mintToken();
    await createArticle(secret, chineseArticle({ slug: "zh-1" }));
    await createArticle(secret, englishArticle({ slug: "en-1" }));
    const slugs = async (q: string) => (await getPage(`/api/v1/articles?${q}`)).items.map((a) => a.slug);
    expect(await slugs(`section=${encodeURIComponent("深度报道")}`)).toEqual(["zh-1"]);
    expect(await slugs(`section=${encodeURIComponent("深度报道/自媒体")}`)).toEqual(["zh-1"]);
    expect(await slugs(`tag=${encodeURIComponent("社区")}`)).toEqual(["zh-1"]);
    expect(await slugs("author=Maya%20Okafor")).toEqual(["en-1"]);
  });
});
