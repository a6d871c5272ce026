import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { chineseArticle, draftArticle, englishArticle } from "../../fixtures/articles";
import { resetDatabase } from "../support/database";
import { createArticle, mintToken, patchArticle, request } from "../support/helpers";

beforeEach(resetDatabase);
afterEach(() => vi.restoreAllMocks());

interface Change {
  id: number;
  slug?: string;
  removed: boolean;
}
interface DeltaPage {
  items: Change[];
  next: string | null;
  nextUpdatedSince: string;
}

const SECTION_A = encodeURIComponent("深度报道");
const SECTION_B = encodeURIComponent("国际新闻");

async function delta(filter: string, since: string): Promise<DeltaPage> {
  const res = await request(`/api/v1/articles?${filter}&updatedSince=${encodeURIComponent(since)}`);
  expect(res.status).toBe(200);
  return (await res.json()) as DeltaPage;
}

const changes = (page: DeltaPage) => page.items.map((i) => [i.id, i.removed]);

/** An instant strictly before the next write. */
async function mark(): Promise<string> {
  const since = new Date(Date.now() - 1).toISOString();
  await new Promise((r) => setTimeout(r, 5));
  return since;
}

describe("delta polling with a section, tag or author filter", () => {
  it("lists only the scope's changes, hiding drafts and schedules not yet due", async () => {
    const { secret } = await mintToken();
    const since = await mark();
    const inA = await createArticle(secret, chineseArticle({ slug: "in-a" }));
    await createArticle(secret, englishArticle({ slug: "in-b", section: ["国际新闻"] }));
    await createArticle(secret, draftArticle({ slug: "draft-a", section: ["深度报道"] }));
    await createArticle(
      secret,
      chineseArticle({ slug: "later-a", status: "scheduled", publishedAt: "2999-01-01T00:00:00Z" }),
    );
    const page = await delta(`section=${SECTION_A}`, since);
    expect(changes(page)).toEqual([[inA.id, false]]);
    expect(page.items[0]?.slug).toBe("in-a");
    // A nested level is its own scope too.
    expect(changes(await delta(`section=${SECTION_A}/${encodeURIComponent("自媒体")}`, since))).toEqual([
      [inA.id, false],
    ]);
    expect(changes(await delta(`tag=${encodeURIComponent("社区")}`, since))).toEqual([[inA.id, false]]);
    expect(changes(await delta(`author=${encodeURIComponent("林晓舟")}`, since))).toEqual([[inA.id, false]]);
    expect(changes(await delta("author=Nobody", since))).toEqual([]);
    expect((await delta(`section=${SECTION_A}`, page.nextUpdatedSince)).items).toEqual([]);
  });

  it("shows an article that moves between sections as a tombstone in the old one", async () => {
    const { secret } = await mintToken();
    const moving = await createArticle(secret, chineseArticle({ slug: "moving" }));
    const since = await mark();
    const moved = await patchArticle(secret, moving.id, `"a${moving.id}-v1"`, { section: ["国际新闻"] });
    expect(moved.status).toBe(200);
    expect(changes(await delta(`section=${SECTION_A}`, since))).toEqual([[moving.id, true]]);
    expect(changes(await delta(`section=${SECTION_B}`, since))).toEqual([[moving.id, false]]);
    const retagged = await patchArticle(secret, moving.id, `"a${moving.id}-v2"`, { tags: ["新标签"] });
    expect(retagged.status).toBe(200);
    expect(changes(await delta(`tag=${encodeURIComponent("社区")}`, since))).toEqual([[moving.id, true]]);
  });

  it("shows deletions and unpublishing as tombstones of the scope", async () => {
    const { secret } = await mintToken();
    const deleted = await createArticle(secret, chineseArticle({ slug: "to-delete" }));
    const pulled = await createArticle(secret, chineseArticle({ slug: "to-pull" }));
    const since = await mark();
    const gone = await request(`/api/v1/articles/${deleted.id}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(gone.status).toBe(204);
    expect((await patchArticle(secret, pulled.id, `"a${pulled.id}-v1"`, { status: "draft" })).status).toBe(
      200,
    );
    const page = await delta(`section=${SECTION_A}`, since);
    expect(changes(page)).toEqual([
      [deleted.id, true],
      [pulled.id, true],
    ]);
    expect(page.items[0]).not.toHaveProperty("title");
  });

  it("lists a scheduled article in its scope's delta once its time has come, not before", async () => {
    const { secret } = await mintToken();
    const since = await mark();
    const at = Date.now() + 60_000;
    const scheduled = await createArticle(
      secret,
      chineseArticle({ slug: "due-soon", status: "scheduled", publishedAt: new Date(at).toISOString() }),
    );
    expect(changes(await delta(`section=${SECTION_A}`, since))).toEqual([]);
    vi.spyOn(Date, "now").mockReturnValue(at + 1000);
    const due = await delta(`section=${SECTION_A}`, since);
    expect(changes(due)).toEqual([[scheduled.id, false]]);
    expect(Date.parse(due.nextUpdatedSince)).toBe(at);
    expect(changes(await delta(`tag=${encodeURIComponent("基层治理")}`, since))).toEqual([
      [scheduled.id, false],
    ]);
  });

  it("pages a scope's delta with cursors, visiting every change exactly once", async () => {
    const { secret } = await mintToken();
    const since = await mark();
    const ids: number[] = [];
    for (let i = 0; i < 5; i++)
      ids.push((await createArticle(secret, chineseArticle({ slug: `page-${i}` }))).id);
    await createArticle(secret, englishArticle({ slug: "elsewhere", section: ["国际新闻"] }));
    const seen: number[] = [];
    let next: string | null =
      `/api/v1/articles?section=${SECTION_A}&limit=2&updatedSince=${encodeURIComponent(since)}`;
    while (next) {
      const page = (await (await request(next)).json()) as DeltaPage;
      seen.push(...page.items.map((i) => i.id));
      next = page.next;
    }
    expect(seen).toEqual(ids);
  });
});
