import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, localOnly, DESK_SHOTS as SHOTS, watchCsp } from "./chromium";
import { type LocalWorker, startWorker } from "./harness";

// Two editors in two browser contexts (JavaScript off) edit the same article at once; the second
// save lands on the conflict page, looked at at 1280 and 390 px, and is resolved field by field.
// Screenshots: test-results/desk/conflict-1280.png, conflict-390.png, revisions-1280.png.

const skip = process.env.SKIP_BROWSER === "1";

let worker: LocalWorker;
let browser: Browser;
const cspReports: string[] = [];

async function editor(name: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    javaScriptEnabled: false,
    viewport: { width: 1280, height: 900 },
    locale: "zh-CN",
  });
  await localOnly(context, worker.url);
  const page = await context.newPage();
  watchCsp(page, cspReports, name);
  await page.goto(`${worker.url}/desk/login`);
  await page.fill('[name="token"]', worker.token);
  await Promise.all([page.waitForURL(`${worker.url}/desk`), page.keyboard.press("Enter")]);
  return { context, page };
}

describe.skipIf(skip)("the conflict page in Chromium", () => {
  beforeAll(async () => {
    worker = await startWorker({ seed: false });
    browser = await launchBrowser(SHOTS);
  });

  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
  });

  it("shows both editors' text side by side and saves the choices made per field", async () => {
    const a = await editor("A");
    const b = await editor("B");
    await a.page.goto(`${worker.url}/desk/articles/new`);
    await a.page.fill('[name="section"]', "要闻 › 地方");
    await a.page.fill('[name="title"]', "青湖湿地公园扩建工程开工");
    await a.page.fill('[name="subtitle"]', "新增步道八公里");
    await a.page.fill('[name="authors[0][name]"]', "陈晓");
    await a.page.fill('[name="body"]', "工程于今日开工。\n\n预计明年五月完工。\n\n市民可提前预约参观。");
    await a.page.click('button[name="status"][value="draft"]');
    const editUrl = a.page.url().replace("?saved=1", "");
    expect(editUrl).toMatch(/\/desk\/articles\/\d+\/edit$/);

    await b.page.goto(editUrl);
    await a.page.goto(editUrl);
    await a.page.fill('[name="title"]', "湿地公园扩建工程今日开工");
    await a.page.fill('[name="body"]', "工程于今日开工。\n\n预计明年四月底完工。\n\n市民可提前预约参观。");
    await a.page.click('button[name="status"][value="draft"]');
    expect(a.page.url()).toContain("saved=1");

    await b.page.fill('[name="title"]', "青湖湿地公园扩建开工");
    await b.page.fill('[name="subtitle"]', "新增步道八公里、观鸟台两座");
    await b.page.fill('[name="body"]', "工程于今日开工。\n\n预计明年五月完工。\n\n市民可在公众号预约参观。");
    await b.page.click('button[name="status"][value="draft"]');
    const page = b.page;
    expect(await page.locator("h1").textContent()).toContain("编辑冲突");
    expect(await page.locator("fieldset.compare").evaluateAll((els) => els.map((e) => e.id))).toEqual([
      "compare-title",
      "compare-subtitle",
      "compare-body",
    ]);
    // Both sides readable next to each other at desktop width.
    const [left, right] = await page
      .locator("#compare-body .compare-side")
      .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect));
    expect(right?.x).toBeGreaterThan((left?.x ?? 0) + (left?.width ?? 0) - 1);
    expect(await page.locator("#compare-body ins.diff-right").allTextContents()).toEqual([
      "四",
      "底",
      "提前",
    ]);
    await page.screenshot({ path: path.join(SHOTS, "conflict-1280.png"), fullPage: true });

    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const [top, below] = await page
      .locator("#compare-body .compare-side")
      .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect));
    expect(below?.y).toBeGreaterThanOrEqual((top?.y ?? 0) + (top?.height ?? 0) - 1);
    await page.screenshot({ path: path.join(SHOTS, "conflict-390.png"), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });

    // Keyboard only: focus "take theirs" for the title, select it with Space, save.
    await page.focus('[name="_pick[title]"][value="mine"]');
    await page.keyboard.press("ArrowDown");
    expect(await page.isChecked('[name="_pick[title]"][value="theirs"]')).toBe(true);
    await page.click('button[name="status"][value="draft"]');
    expect(page.url()).toContain("saved=1");
    expect(await page.inputValue('[name="title"]')).toBe("湿地公园扩建工程今日开工");
    expect(await page.inputValue('[name="subtitle"]')).toBe("新增步道八公里、观鸟台两座");
    expect(await page.inputValue('[name="body"]')).toContain("公众号");

    await page.goto(`${editUrl.replace(/\/edit$/, "")}/revisions?from=1&to=3`);
    expect(await page.locator("tbody tr").count()).toBe(3);
    await page.screenshot({ path: path.join(SHOTS, "revisions-1280.png"), fullPage: true });
    expect(cspReports).toEqual([]);
    await a.context.close();
    await b.context.close();
  });
});
