// Ranking inside windows of the newest index matches (src/db/search-queries.ts): every match is
// reached exactly once, phrase hits lead inside each window, hidden articles stay invisible, and a
// walk that meets only hidden matches stops at its bound with a cursor to go on.
import { beforeAll, describe, expect, it } from "vitest";
import { HALF_LIFE_MS, type SearchHit, searchArticles } from "../../../src/db/search-queries";
import type { SearchPosition } from "../../../src/lib/search-cursor";
import { parseSearchQuery, type SearchQuery } from "../../../src/lib/search-text";
import { db, resetDatabase } from "../support/database";
import { addArticle, CORPUS_NOW, publicHits } from "../support/search-corpus";

const WINDOW = { windowSize: 4, maxWindows: 2 };
const visible: number[] = [];
const hidden: number[] = [];
const phrase: number[] = [];
let titled = 0;

const ascending = (ids: number[]) => [...ids].sort((a, b) => a - b);

function query(q: string): SearchQuery {
  const parsed = parseSearchQuery(q);
  if (typeof parsed === "string") throw new Error(q);
  return parsed;
}

/** Every page of `q` for the public, `limit` hits each, following resume and last-hit cursors. */
async function walk(q: string, limit: number, windows = WINDOW) {
  const pages: { hits: SearchHit[]; resumed: boolean }[] = [];
  let after: SearchPosition | null = null;
  for (let i = 0; i < 50; i++) {
    const page = await searchArticles(
      db(),
      query(q),
      { kind: "public", now: CORPUS_NOW },
      { limit, after, ...windows },
    );
    pages.push({ hits: page.hits, resumed: page.resume !== null });
    const last = page.hits.at(-1);
    after = page.hits.length === limit && last ? last.position : page.resume;
    if (!after) return pages;
  }
  throw new Error("the walk did not end");
}

beforeAll(async () => {
  await resetDatabase();
  // Oldest first, so ids rise with publication: 9 public matches, some with the whole phrase.
  for (let day = 1; day <= 9; day++) {
    const whole = day % 3 === 0;
    const id = (
      await addArticle({
        title: `第${day}期走访`,
        body: whole ? "<p>基层治理的经验。</p>" : "<p>治理重在基层，经验在一线。</p>",
        publishedAt: `2020-11-0${day}T08:00:00+08:00`,
      })
    ).id;
    visible.push(id);
    if (whole) phrase.push(id);
  }
  titled = (
    await addArticle({ title: "调研纪要", body: "<p>纪要</p>", publishedAt: "2020-10-01T08:00:00+08:00" })
  ).id;
  for (let i = 1; i <= 4; i++)
    await addArticle({
      title: `简讯${i}`,
      body: "<p>干部下沉调研。</p>",
      publishedAt: `2020-10-0${i + 1}T08:00:00+08:00`,
    });
  // The newest 9 matches are hidden: more than the walk's two windows of four.
  for (let i = 1; i <= 9; i++) {
    const status = i % 2 === 0 ? "draft" : "scheduled";
    const publishedAt = status === "scheduled" ? "2021-06-01T08:00:00+08:00" : undefined;
    hidden.push(
      (await addArticle({ title: `内部稿${i}`, body: "<p>基层治理草稿</p>", status, publishedAt })).id,
    );
  }
});

describe("search windows", () => {
  it("reaches every public match exactly once across windows, never a hidden one", async () => {
    for (const limit of [1, 2, 3, 5, 20]) {
      const seen = (await walk("基层 治理", limit)).flatMap((p) => p.hits.map((h) => h.article.id));
      expect(ascending(seen), `limit ${limit}`).toEqual(visible);
      expect(seen.filter((id) => hidden.includes(id))).toEqual([]);
    }
  });

  it("answers a short page with a cursor when its windows hold only hidden matches", async () => {
    const [first, second] = await walk("基层 治理", 5);
    expect(first?.hits).toEqual([]);
    expect(first?.resumed).toBe(true);
    expect(second?.hits.length).toBeGreaterThan(0);
  });

  it("ranks phrase hits first inside each window", async () => {
    const hits = (await walk("基层 治理", 20, { windowSize: 4, maxWindows: 10 })).flatMap((p) => p.hits);
    const byWindow = new Map<number | null, SearchHit[]>();
    for (const hit of hits)
      byWindow.set(hit.position.ceiling, [...(byWindow.get(hit.position.ceiling) ?? []), hit]);
    expect(byWindow.size).toBeGreaterThan(1);
    for (const windowHits of byWindow.values()) {
      const tiers = windowHits.map((h) => h.tier);
      expect(tiers).toEqual([...tiers].sort((a, b) => b - a));
    }
    expect(ascending(hits.filter((h) => h.tier === 1).map((h) => h.article.id))).toEqual(phrase);
  });

  it("ranks a full window by the columns matched, with bm25's weights, without bm25", async () => {
    const page = await searchArticles(
      db(),
      query("调研"),
      { kind: "public", now: CORPUS_NOW },
      { limit: 10, windowSize: 5, maxWindows: 1 },
    );
    expect(page.hits).toHaveLength(5);
    const first = page.hits[0];
    expect(first?.article.id).toBe(titled);
    const publishedAt = first?.article.publishedAt ?? 0;
    expect(first?.score).toBeCloseTo(Math.log(1 + 10) + (Math.LN2 * publishedAt) / HALF_LIFE_MS, 12);
    // Its summary is derived from its body: lede (4) and body (1).
    const second = page.hits[1];
    expect(second?.score).toBeCloseTo(
      Math.log(1 + 4 + 1) + (Math.LN2 * (second?.article.publishedAt ?? 0)) / HALF_LIFE_MS,
      12,
    );
  });

  it("ranks a query with fewer matches than a window exactly as one unbounded ranking", async () => {
    const unbounded = await searchArticles(
      db(),
      query("第3期"),
      { kind: "public", now: CORPUS_NOW },
      { limit: 50 },
    );
    const windowed = await walk("第3期", 50);
    expect(windowed.flatMap((p) => p.hits.map((h) => h.article.id))).toEqual(
      unbounded.hits.map((h) => h.article.id),
    );
    expect(await publicHits("走访")).toEqual(
      (await walk("走访", 50, { windowSize: 100, maxWindows: 1 })).flatMap((p) =>
        p.hits.map((h) => h.article.id),
      ),
    );
  });
});
