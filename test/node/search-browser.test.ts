import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchProfile, SCREENSHOTS, watchCsp } from "./chromium";
import { type LocalWorker, startWorker } from "./harness";

// A reader on a phone searches from the header of the home page, sees highlighted hits and opens one.

const PHONE = { width: 390, height: 844 };

describe.skipIf(Boolean(process.env.SKIP_BROWSER))("search from the page header on a phone", () => {
  let worker: LocalWorker;
  let close: (() => Promise<void>) | undefined;
  let context: Awaited<ReturnType<typeof launchProfile>>["context"];

  beforeAll(async () => {
    worker = await startWorker();
    ({ context, close } = await launchProfile("search", SCREENSHOTS, worker.url, {
      viewport: PHONE,
      isMobile: true,
      hasTouch: true,
    }));
  });

  afterAll(async () => {
    await close?.();
    await worker?.stop();
  });

  it("types 网格, submits, sees <mark>ed snippets, opens a result", async () => {
    const csp: string[] = [];
    watchCsp(context, csp);
    const page = await context.newPage();
    await page.goto(new URL("/", worker.url).toString(), { waitUntil: "load" });
    const box = page.getByRole("searchbox", { name: "搜索" });
    await expect(box.isVisible()).resolves.toBe(true);
    // The box and its button fit the phone's width: nothing scrolls sideways.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await box.fill("网格");
    await Promise.all([page.waitForURL(/\/search\?q=/), box.press("Enter")]);
    expect(decodeURIComponent(new URL(page.url()).search)).toBe("?q=网格");
    await expect(page.getByRole("searchbox", { name: "搜索" }).inputValue()).resolves.toBe("网格");
    const marks = page.locator(".search-snippet mark");
    expect(await marks.count()).toBeGreaterThan(0);
    expect(await marks.first().textContent()).toMatch(/^[网網][格]/);
    const markStyle = await marks.first().evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(markStyle).not.toBe("rgba(0, 0, 0, 0)");
    await page.screenshot({ path: path.join(SCREENSHOTS, "search-phone.png"), fullPage: true });

    const first = page.locator(".article-list h2 a").first();
    const title = (await first.textContent()) ?? "";
    expect(title).not.toBe("");
    await Promise.all([page.waitForURL(/\/articles\//), first.click()]);
    await expect(page.locator("h1").first().textContent()).resolves.toBe(title);
    await page.screenshot({ path: path.join(SCREENSHOTS, "search-phone-article.png") });
    expect(csp).toEqual([]);
  });
});
