// A split counts only what readers can see now: schedules not yet due neither appear in an archive
// nor move its splits, and the validator changes at the moment one coming due changes a split.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { ARCHIVE_MAX_ITEMS } from "../../src/feeds/archive";
import { archiveDocument } from "../../src/feeds/archive-document";
import { builtModel } from "../../src/feeds/model";
import { siteFromEnv } from "../../src/lib/site";
import { insertBulkArticles } from "./support/bulk-articles";
import { db } from "./support/database";

const scope = { kind: "tag", key: "sched" } as const;
const DUE = Date.UTC(2018, 6, 25, 12);
const LATER = Date.UTC(2018, 6, 30, 12);
let due: string[] = [];
let later: string[] = [];

beforeAll(async () => {
  // 2,000 articles from July 1st (one every 10 minutes, to the 14th), one on the 25th, five on the 30th.
  await insertBulkArticles({
    prefix: "early",
    firstGuid: 1,
    tag: "sched",
    count: ARCHIVE_MAX_ITEMS,
    firstAt: Date.UTC(2018, 6, 1),
    stepMs: 600_000,
  });
  due = await insertBulkArticles({
    prefix: "due",
    firstGuid: 5000,
    tag: "sched",
    count: 1,
    firstAt: DUE,
    stepMs: 0,
  });
  later = await insertBulkArticles({
    prefix: "later",
    firstGuid: 6000,
    tag: "sched",
    count: 5,
    firstAt: LATER,
    stepMs: 60_000,
  });
}, 60_000);

const at = (now: number) => {
  const site = siteFromEnv(env);
  return { db: db(), site, now, validatorTtlMs: 0, content: site.feedContent };
};
const document = async (now: number, period: string) => {
  const source = await archiveDocument(at(now), { scope, format: "atom", period }, period);
  return { ...source, load: async () => builtModel(await source.load()) };
};

describe("archive splits before and after a schedule comes due", () => {
  it("count only public articles: the month stays one document while six wait", async () => {
    const before = await document(DUE - 1, "2018-07");
    const model = await before.load();
    expect(model.entries).toHaveLength(ARCHIVE_MAX_ITEMS);
    const ids = model.entries.map((e) => e.id);
    for (const hidden of [...due, ...later]) expect(ids).not.toContain(hidden);
    await expect(document(DUE - 1, "2018-07-w4")).rejects.toMatchObject({ status: 404 });
  });

  it("split when one comes due, with a new validator; the ones still scheduled stay out", async () => {
    const before = await document(DUE - 1, "2018-07");
    const after = await document(DUE, "2018-07");
    expect(after.validator).not.toBe(before.validator);
    expect((await after.load()).entries).toEqual([]);
    const week = await (await document(DUE, "2018-07-w4")).load();
    expect(week.entries.map((e) => e.id)).toEqual(due);
    expect(week.links["next-archive"]).toBeUndefined();
    await expect(document(DUE, "2018-07-w5")).rejects.toMatchObject({ status: 404 });
    const fifth = await (await document(LATER, "2018-07-w5")).load();
    expect(fifth.entries.map((e) => e.id).sort()).toEqual([...later].slice(0, 1));
  });
});
