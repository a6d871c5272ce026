// Archives at wire volume: a month over ARCHIVE_MAX_ITEMS splits into weeks, a week into days, a day
// into numbered pages, and the RFC 5005 prev-archive / next-archive chain still visits every article once.
import { beforeAll, describe, expect, it } from "vitest";
import { periodCounts } from "../../src/db/archive-queries";
import { ARCHIVE_MAX_ITEMS, periodsAround } from "../../src/feeds/archive";
import { readDoc, SITE, walk } from "./support/archive-walk";
import { insertBulkArticles } from "./support/bulk-articles";
import { db } from "./support/database";
import { FILE, FORMATS, type Format } from "./support/feed-helpers";
import { request } from "./support/helpers";

const HOUR = 3_600_000;
const urlOf = (period: string, tag: string, format: Format) =>
  `${SITE}/archive/${period}/tag/${tag}/${FILE[format]}`;

let wire: string[] = [];
let small: string[] = [];
let atCap: string[] = [];
let overCap: string[] = [];

beforeAll(async () => {
  small = [
    ...(await insertBulkArticles({
      prefix: "small",
      firstGuid: 1000,
      tag: "small",
      count: 30,
      firstAt: Date.UTC(2017, 2, 3, 4),
      stepMs: 7 * HOUR,
    })),
    ...(await insertBulkArticles({
      prefix: "smallb",
      firstGuid: 2000,
      tag: "small",
      count: 5,
      firstAt: Date.UTC(2017, 1, 3, 4),
      stepMs: 7 * HOUR,
    })),
    ...(await insertBulkArticles({
      prefix: "smalla",
      firstGuid: 3000,
      tag: "small",
      count: 5,
      firstAt: Date.UTC(2017, 4, 3, 4),
      stepMs: 7 * HOUR,
    })),
  ];
  // March 2020: 2,100 wire items on the 10th (one every 40 s) and 400 spread over the whole month
  // (one every 6,696 s from the 1st, 00:17), with five items in February and five in April.
  wire = [
    ...(await insertBulkArticles({
      prefix: "wfeb",
      firstGuid: 10_000,
      tag: "wire",
      count: 5,
      firstAt: Date.UTC(2020, 1, 10),
      stepMs: 24 * HOUR,
    })),
    ...(await insertBulkArticles({
      prefix: "wday",
      firstGuid: 20_000,
      tag: "wire",
      count: 2100,
      firstAt: Date.UTC(2020, 2, 10),
      stepMs: 40_000,
    })),
    ...(await insertBulkArticles({
      prefix: "wmonth",
      firstGuid: 30_000,
      tag: "wire",
      count: 400,
      firstAt: Date.UTC(2020, 2, 1, 0, 17),
      stepMs: 6696_000,
    })),
    ...(await insertBulkArticles({
      prefix: "wapr",
      firstGuid: 40_000,
      tag: "wire",
      count: 5,
      firstAt: Date.UTC(2020, 3, 2),
      stepMs: 24 * HOUR,
    })),
  ];
  atCap = await insertBulkArticles({
    prefix: "cap",
    firstGuid: 50_000,
    tag: "cap",
    count: ARCHIVE_MAX_ITEMS,
    firstAt: Date.UTC(2019, 4, 1),
    stepMs: 1_000_000,
  });
  overCap = await insertBulkArticles({
    prefix: "capplus",
    firstGuid: 60_000,
    tag: "capplus",
    count: ARCHIVE_MAX_ITEMS + 1,
    firstAt: Date.UTC(2019, 5, 1),
    stepMs: 1_000_000,
  });
}, 120_000);

/** Each id exactly once: no duplicates, nothing missing, nothing foreign. */
function expectEachOnce(visited: string[], expected: string[]) {
  expect(visited.length).toBe(expected.length);
  expect(new Set(visited).size).toBe(visited.length);
  expect([...visited].sort()).toEqual([...expected].sort());
}

describe.each(FORMATS)("%s archives of a month over the cap", (format: Format) => {
  it("walk prev-archive from the newest archive and next-archive from the oldest: every article exactly once", {
    timeout: 120_000,
  }, async () => {
    const current = `${SITE}/tag/wire/${FILE[format]}`;
    const back = await walk(urlOf("2020-04", "wire", format), "prev-archive", format, current);
    expect(back.periods).toEqual([
      "2020-04",
      "2020-03-w5",
      "2020-03-w4",
      "2020-03-w3",
      "2020-03-14",
      "2020-03-13",
      "2020-03-12",
      "2020-03-11",
      "2020-03-10-p2",
      "2020-03-10-p1",
      "2020-03-09",
      "2020-03-08",
      "2020-03-w1",
      "2020-02",
    ]);
    expectEachOnce(back.ids, wire);
    expect(back.largest).toBe(ARCHIVE_MAX_ITEMS);

    const forward = await walk(urlOf("2020-02", "wire", format), "next-archive", format, current);
    expect(forward.periods).toEqual([...back.periods].reverse());
    expectEachOnce(forward.ids, wire);
  });

  it("the split month and the split day are indexes leading into their parts", async () => {
    const current = `${SITE}/tag/wire/${FILE[format]}`;
    const subscription = await readDoc(current, format);
    expect(subscription.links["prev-archive"]).toBe(urlOf("2020-03", "wire", format));
    const month = await readDoc(urlOf("2020-03", "wire", format), format);
    expect(month.ids).toEqual([]);
    expect(month.links["prev-archive"]).toBe(urlOf("2020-03-w5", "wire", format));
    expect(month.links["next-archive"]).toBe(urlOf("2020-04", "wire", format));
    const week = await readDoc(urlOf("2020-03-w2", "wire", format), format);
    expect(week.ids).toEqual([]);
    expect(week.links["prev-archive"]).toBe(urlOf("2020-03-14", "wire", format));
    expect(week.links["next-archive"]).toBe(urlOf("2020-03-w3", "wire", format));
    const day = await readDoc(urlOf("2020-03-10", "wire", format), format);
    expect(day.ids).toEqual([]);
    expect(day.links["prev-archive"]).toBe(urlOf("2020-03-10-p2", "wire", format));
    expect(day.links["next-archive"]).toBe(urlOf("2020-03-11", "wire", format));
  });
});

describe("archive splits at the boundaries", () => {
  it("a month of exactly the cap is one document; its weeks do not exist", async () => {
    const doc = await readDoc(urlOf("2019-05", "cap", "atom"), "atom");
    expectEachOnce(doc.ids, atCap);
    expect(doc.links["prev-archive"]).toBeUndefined();
    expect((await request("/archive/2019-05-w1/tag/cap/atom.xml")).status).toBe(404);
    expect((await request("/archive/2019-05-01/tag/cap/atom.xml")).status).toBe(404);
  });

  it("one more article splits the month into weeks, each under the cap", { timeout: 60_000 }, async () => {
    const index = await readDoc(urlOf("2019-06", "capplus", "rss"), "rss");
    expect(index.ids).toEqual([]);
    const start = index.links["prev-archive"] ?? "";
    const back = await walk(start, "prev-archive", "rss", `${SITE}/tag/capplus/feed.xml`);
    expect(back.periods).toEqual(["2019-06-w4", "2019-06-w3", "2019-06-w2", "2019-06-w1"]);
    expectEachOnce(back.ids, overCap);
  });

  it("counting reads no further than the split needs: months and weeks stop past the cap", async () => {
    const counts = (key: string, at: number) =>
      periodCounts(
        db(),
        { kind: "tag", key },
        {
          now: Date.now(),
          anchor: { at, id: 0 },
          ranges: periodsAround(at),
          cap: ARCHIVE_MAX_ITEMS,
        },
      );
    const cap = ARCHIVE_MAX_ITEMS;
    expect(await counts("cap", Date.UTC(2019, 4, 1))).toEqual({ month: cap, week: 0, day: 0, dayBefore: 0 });
    const busyDay = await counts("wire", Date.UTC(2020, 2, 10, 12));
    expect(busyDay).toMatchObject({ month: cap + 1, week: cap + 1 });
    expect(busyDay.day).toBeGreaterThan(2100);
    expect(busyDay.dayBefore).toBeGreaterThan(1000);
    expect(await counts("wire", Date.UTC(2020, 2, 20))).toMatchObject({ month: cap + 1, day: 0 });
  });

  it("a day over the cap has numbered pages of at most the cap and no page past them", async () => {
    const first = await readDoc(urlOf("2020-03-10-p1", "wire", "json"), "json");
    const second = await readDoc(urlOf("2020-03-10-p2", "wire", "json"), "json");
    expect(first.ids).toHaveLength(ARCHIVE_MAX_ITEMS);
    expect(first.links["next-archive"]).toBe(urlOf("2020-03-10-p2", "wire", "json"));
    expect(second.links["prev-archive"]).toBe(urlOf("2020-03-10-p1", "wire", "json"));
    expect(first.ids.length + second.ids.length).toBeGreaterThan(2100);
    expect((await request("/archive/2020-03-10-p3/tag/wire/feed.json")).status).toBe(404);
    expect((await request("/archive/2020-03-10-p0/tag/wire/feed.json")).status).toBe(404);
  });
});

describe("archive documents under the cap", () => {
  // SHA-256 of the documents the monthly archives served before they could split (commit 11824d5),
  // for the same rows: months under the cap, between months under the cap, keep every byte.
  const BEFORE_SPLITTING: Record<Format, string> = {
    rss: "c596b75bbea6ab0ebfcc870c3c633db80e0635073e8431d0786c2923dfd0cc64",
    atom: "4dcd94687be9b61b554a9a565f8056a17615c1b8605b1b69e704d429157a827f",
    json: "de4cef9a8cfbd45677a92092d8ccbc66e7fad37d552956df742a91382ef2bcf2",
  };

  it.each(FORMATS)("are byte-identical to before (%s)", async (format) => {
    const res = await request(`/archive/2017-03/tag/small/${FILE[format]}`);
    const bytes = new Uint8Array(await crypto.subtle.digest("SHA-256", await res.arrayBuffer()));
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    expect(hex).toBe(BEFORE_SPLITTING[format]);
    expect(small).toHaveLength(40);
  });

  it("answer 301 from an escaped spelling of a split period to the canonical one", async () => {
    const res = await request("/archive/2020%2D03-w3/tag/wire/atom.xml", { redirect: "manual" });
    expect(res.status).toBe(301);
    expect(res.headers.get("location")).toBe(`${SITE}/archive/2020-03-w3/tag/wire/atom.xml`);
  });
});
