import path from "node:path";
import type { BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchProfile, DESK_SHOTS as SHOTS, watchCsp } from "./chromium";
import { sampleTokenLink } from "./desk-kit";
import { type LocalWorker, startWorker } from "./harness";

// The desk in a real browser with JavaScript off: sign in by link and by pasted token, write an
// article, see a field error, at desktop and phone width. Screenshots go to test-results/desk/.

const skip = process.env.SKIP_BROWSER === "1";

let worker: LocalWorker;
let context: BrowserContext;
let closeChromium: (() => Promise<void>) | undefined;

// Chromium reports every CSP refusal on the console (desk-a11y.test.ts shows it catches one).
const cspViolations: string[] = [];

describe.skipIf(skip)("the desk in Chromium, JavaScript off", () => {
  beforeAll(async () => {
    worker = await startWorker({ seed: false });
    ({ context, close: closeChromium } = await launchProfile("desk", SHOTS, worker.url, {
      javaScriptEnabled: false,
      locale: "zh-CN",
    }));
    watchCsp(context, cspViolations);
  });

  afterAll(async () => {
    await closeChromium?.();
    await worker?.stop();
  });

  it("signs in with the one-time link, writes and publishes an article, shows a field error", async () => {
    const url = await sampleTokenLink(worker);
    const page = await context.newPage();
    await page.goto(url);
    expect(new URL(page.url()).pathname).toBe("/desk");

    await page.goto(`${worker.url}/desk/articles/new`);
    await page.fill('[name="section"]', "要闻 › 地方");
    await page.fill('[name="title"]', "江南小城试行夜间公交");
    await page.fill('[name="subtitle"]', "首批开通六条线路");
    await page.fill('[name="authors[0][name]"]', "陈晓");
    await page.fill('[name="authors[0][title]"]', "本报记者");
    await page.click('button[name="_add"][value="authors"]');
    await page.fill('[name="authors[1][name]"]', "周立");
    await page.fill('[name="editors[0][name]"]', "刘洋");
    await page.fill('[name="publishedAt[date]"]', "2026-11-30");
    await page.fill('[name="publishedAt[time]"]', "09:50:37");
    await page.fill('[name="image[url]"]', "javascript:alert(1)");
    await page.fill('[name="body"]', "## 线路覆盖\n\n正文。");
    await page.click('button[name="status"][value="published"]');
    expect(await page.locator('[data-field="image[url]"]').count()).toBe(1);
    expect(await page.inputValue('[name="authors[1][name]"]')).toBe("周立");
    await page.screenshot({ path: path.join(SHOTS, "editor-error-1280.png"), fullPage: true });

    await page.fill('[name="image[url]"]', "https://img.example.com/bus.jpg");
    await page.fill('[name="image[caption]"]', "乘客登上夜间公交。");
    await page.click('button[name="status"][value="published"]');
    expect(page.url()).toMatch(/\/desk\/articles\/\d+\/edit\?saved=1$/);
    await page.screenshot({ path: path.join(SHOTS, "editor-saved-1280.png"), fullPage: true });
    await page.goto(`${worker.url}/desk`);
    await page.screenshot({ path: path.join(SHOTS, "list-1280.png"), fullPage: true });
    expect(cspViolations).toEqual([]);

    await page.setViewportSize({ width: 390, height: 844 });
    for (const [name, target] of [
      ["list", "/desk"],
      ["editor", "/desk/articles/new"],
    ]) {
      await page.goto(`${worker.url}${target}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(overflow, name).toBeLessThanOrEqual(390);
      await page.screenshot({ path: path.join(SHOTS, `${name}-390.png`), fullPage: true });
    }
    await page.close();
  });

  it("signs in with a pasted token in English", async () => {
    await context.clearCookies();
    const page = await context.newPage();
    await page.goto(`${worker.url}/desk/login?lang=en`);
    await page.screenshot({ path: path.join(SHOTS, "login-en-1280.png") });
    await page.fill('[name="token"]', worker.token);
    await Promise.all([page.waitForURL(`${worker.url}/desk`), page.keyboard.press("Enter")]);
    expect(new URL(page.url()).pathname).toBe("/desk");
    expect(await page.locator("h1").textContent()).toBe("Articles");
    await page.close();
  });
});
