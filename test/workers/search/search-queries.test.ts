// Search over a Chinese + English corpus (src/db/search-queries.ts): lengths of Chinese queries,
// Traditional/Simplified, full-width forms, case, mixed queries, phrase first, ranking order.
import { beforeAll, describe, expect, it } from "vitest";
import { resetDatabase } from "../support/database";
import { addArticle, publicHits } from "../support/search-corpus";

const ids: Record<string, number> = {};

beforeAll(async () => {
  await resetDatabase();
  ids.grid = (
    await addArticle({
      title: "以小网格撬动基层大治理",
      subtitle: "湖城探索社区治理新路径",
      body: "<p>北京市东城区把基层治理工作落到网格，每个网格配备专职网格员。</p>",
      publishedAt: "2020-12-09T09:50:37+08:00",
    })
  ).id;
  ids.traditional = (
    await addArticle({
      title: "網格員走訪社區",
      body: "<p>臺灣的里長與網格員一起推動社區營造。</p>",
      publishedAt: "2020-12-05T10:00:00+08:00",
      language: "zh-TW",
    })
  ).id;
  ids.mixed = (
    await addArticle({
      title: "AI治理试点启动",
      body: "<p>The ＡＢＣ１２３ programme tests AI tools for city services.</p>",
      publishedAt: "2020-12-08T10:00:00+08:00",
    })
  ).id;
  ids.words = (
    await addArticle({
      title: "乡村治理观察",
      body: "<p>治理的关键在于人。基层干部说，服务要跟上。</p>",
      publishedAt: "2020-12-20T10:00:00+08:00",
    })
  ).id;
  ids.english = (
    await addArticle({
      title: "Harbor City adds night bus routes",
      body: "<p>Six overnight routes start in January; BUS drivers welcome them.</p>",
      publishedAt: "2020-12-10T18:30:00-05:00",
      language: "en",
    })
  ).id;
  ids.beijingBody = (
    await addArticle({
      title: "首都交通新规",
      body: "<p>北京市将调整公交线路。</p>",
      publishedAt: "2020-12-15T10:00:00+08:00",
    })
  ).id;
  ids.beijingTitle = (
    await addArticle({
      title: "北京市发布社区服务清单",
      body: "<p>清单涵盖养老与托育。</p>",
      publishedAt: "2020-12-15T10:00:00+08:00",
    })
  ).id;
});

describe("Chinese queries of 1, 2, 3 and 6 characters", () => {
  it("finds a single character wherever it stands, also at the end of a run", async () => {
    expect(new Set(await publicHits("网"))).toEqual(new Set([ids.grid, ids.traditional]));
    // 员 ends the run 网格员 in one body and starts none: the run's last character is indexed alone.
    expect(new Set(await publicHits("员"))).toEqual(new Set([ids.grid, ids.traditional]));
    expect(await publicHits("镇")).toEqual([]);
  });

  it("finds two, three and six characters only where they stand together", async () => {
    expect(new Set(await publicHits("网格"))).toEqual(new Set([ids.grid, ids.traditional]));
    expect(new Set(await publicHits("北京市"))).toEqual(
      new Set([ids.grid, ids.beijingBody, ids.beijingTitle]),
    );
    expect(await publicHits("基层治理工作")).toEqual([ids.grid]);
    // Every character of 基层工作 is in the grid article, but not in that order.
    expect(await publicHits("基层工作")).toEqual([]);
  });
});

describe("folding", () => {
  it("finds Simplified text for a Traditional query and the reverse", async () => {
    expect(new Set(await publicHits("網格"))).toEqual(new Set([ids.grid, ids.traditional]));
    expect(await publicHits("社区营造")).toEqual([ids.traditional]);
    expect(await publicHits("基層治理工作")).toEqual([ids.grid]);
  });

  it("treats full-width and half-width letters and digits, and case, alike", async () => {
    expect(await publicHits("abc123")).toEqual([ids.mixed]);
    expect(await publicHits("ＡＢＣ１２３")).toEqual([ids.mixed]);
    expect(await publicHits("bus")).toEqual([ids.english]);
    expect(await publicHits("ＢＵＳ Routes")).toEqual([ids.english]);
  });

  it("matches mixed Chinese and Latin queries with or without the space", async () => {
    expect(await publicHits("AI 治理")).toEqual([ids.mixed]);
    expect(await publicHits("ai治理")).toEqual([ids.mixed]);
  });
});

describe("ranking", () => {
  it("puts the contiguous phrase before a newer article holding the words apart", async () => {
    // The words article is newer and has both words, but never 基层治理 together.
    const hits = await publicHits("基层 治理");
    expect(hits).toEqual([ids.grid, ids.words]);
    // Reversed, the words stand together nowhere: both are word matches and the newer one leads.
    expect(await publicHits("治理 基层")).toEqual([ids.words, ids.grid]);
  });

  it("ranks a title match above a body match of the same age, and newer above older", async () => {
    const hits = await publicHits("北京市");
    expect(hits).toEqual([ids.beijingTitle, ids.beijingBody, ids.grid]);
  });
});
