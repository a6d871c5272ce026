import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchProfile, SCREENSHOTS } from "./chromium";
import { type LocalWorker, startWorker } from "./harness";

// Real-browser check of the public pages: visible text, CSS applied under the strict CSP, no console
// errors or CSP violations, and screenshots (desktop 1280, phone 375) in test-results/screenshots.

const VIEWPORTS = { desktop: { width: 1280, height: 900 }, phone: { width: 375, height: 812 } } as const;

interface Problems {
  console: string[];
  csp: string[];
}

describe.skipIf(Boolean(process.env.SKIP_BROWSER))("public pages in headless Chromium", () => {
  let worker: LocalWorker;
  let context: BrowserContext;
  let closeChromium: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    worker = await startWorker();
    ({ context, close: closeChromium } = await launchProfile("chromium", SCREENSHOTS, worker.url, {
      viewport: VIEWPORTS.desktop,
    }));
    // Runs outside the page's CSP (injected by the driver); records what the CSP blocks.
    await context.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { __csp: string[] }).__csp = seen;
      document.addEventListener("securitypolicyviolation", (e) => {
        seen.push(`${e.violatedDirective} ${e.blockedURI}`);
      });
    });
  });

  afterAll(async () => {
    await closeChromium?.();
    await worker?.stop();
  });

  async function open(pathname: string): Promise<{ page: Page; problems: Problems }> {
    const page = await context.newPage();
    const problems: Problems = { console: [], csp: [] };
    page.on("console", (msg) => {
      if (msg.type() === "error" || msg.type() === "warning") problems.console.push(msg.text());
    });
    page.on("pageerror", (err) => problems.console.push(String(err)));
    page.on("response", (res) => {
      if (res.status() >= 400) problems.console.push(`${res.status()} ${res.url()}`);
    });
    const response = await page.goto(new URL(pathname, worker.url).toString(), { waitUntil: "load" });
    expect(response?.status()).toBe(200);
    return { page, problems };
  }

  async function finish(page: Page, problems: Problems, name: string) {
    for (const [label, viewport] of Object.entries(VIEWPORTS)) {
      await page.setViewportSize(viewport);
      // Nothing may force sideways scrolling, down to a phone's width.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        viewport.width,
      );
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${label}.png`), fullPage: true });
    }
    problems.csp.push(...(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)));
    expect(problems.console).toEqual([]);
    expect(problems.csp).toEqual([]);
    await page.close();
  }

  it("renders the Chinese sample article with its styles, under the CSP, without errors", async () => {
    const { page, problems } = await open("/articles/lakeside-community-governance");
    expect(await page.locator("html").getAttribute("lang")).toBe("zh-CN");
    expect(await visibleText(page, "h1")).toBe("以“小网格”撬动基层“大治理”");
    expect(await visibleText(page, ".subtitle")).toBe("湖城市探索社区治理新路径");
    expect(await allVisibleTexts(page, "nav.breadcrumb li")).toEqual(["首页", "深度报道", "自媒体"]);
    const meta = await visibleText(page, "p.meta");
    for (const part of [
      "2020年12月09日 09:50",
      "来源：城市观察报",
      "作者：湖城市委常委、组织部部长 林晓舟",
    ]) {
      expect(meta).toContain(part);
    }
    expect(await visibleText(page, "figure.lead-image figcaption")).toContain(
      "湖城市社区网格员在东湖街道走访居民。",
    );
    // The lead image is the sample illustration from sample/images, served from this site's /media/.
    const lead = page.locator("figure.lead-image img");
    expect(await lead.getAttribute("src")).toMatch(/^\/media\/[0-9a-f]{32}\.jpg$/);
    expect(await lead.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(1200);
    expect(await allVisibleTexts(page, ".article-body h2")).toEqual([
      "把责任落到“最后一米”",
      "让数据多跑路、群众少跑腿",
      "让居民成为治理的主角",
    ]);
    expect(await visibleText(page, ".print-edition")).toBe("《城市观察报》（2020年12月07日 第17版）");
    expect(await visibleText(page, ".editors")).toBe("责任编辑：苏青禾");

    // The external stylesheet applied: CJK font stack and relaxed line height.
    const style = await page.evaluate(() => {
      const body = getComputedStyle(document.body);
      const p = getComputedStyle(document.querySelector(".article-body p") as Element);
      return {
        font: body.fontFamily,
        lineHeight: Number.parseFloat(p.lineHeight) / Number.parseFloat(p.fontSize),
        align: p.textAlign,
      };
    });
    expect(style.font).toContain("PingFang SC");
    expect(style.lineHeight).toBeCloseTo(1.8, 1);
    expect(style.align).toBe("justify");

    // The print stylesheet hides navigation chrome.
    await page.emulateMedia({ media: "print" });
    expect(await page.locator("nav.breadcrumb").isVisible()).toBe(false);
    expect(await page.locator("footer.site-footer").isVisible()).toBe(false);
    await page.emulateMedia({ media: "screen" });

    await finish(page, problems, "article-zh");
  });

  it("renders the English sample article in English", async () => {
    const { page, problems } = await open("/articles/harbor-city-night-buses");
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    const meta = await visibleText(page, "p.meta");
    expect(meta).toContain("December 10, 2020, 6:30 PM GMT-5");
    expect(meta).toContain("By Maya Okafor, Transport correspondent");
    await finish(page, problems, "article-en");
  });

  it("renders the home listing with the public sample articles only", async () => {
    const { page, problems } = await open("/");
    expect(await visibleText(page, "h1")).toBe("最新文章");
    const titles = await allVisibleTexts(page, ".article-list h2");
    expect(titles).toContain("以“小网格”撬动基层“大治理”");
    expect(titles).toContain("Harbor City adds night bus routes as late-shift ridership climbs");
    expect(titles).not.toContain("滨江公园改造方案征求意见（草稿）");
    expect(titles).not.toContain("Harbor City council to vote on 2030 budget");
    await page.locator(".article-list h2 a", { hasText: "小网格" }).click();
    await page.waitForURL(/\/articles\/lakeside-community-governance$/);
    await page.goBack();
    await finish(page, problems, "home");
  });

  it("renders /api/docs with the site's styles, readable on a phone", async () => {
    const { page, problems } = await open("/api/docs");
    expect(await visibleText(page, "header .site-title")).toBe("城市观察 City Observer");
    const table = await page.evaluate(() => {
      const cell = getComputedStyle(document.querySelector(".api-docs td") as Element);
      return {
        border: cell.borderTopStyle,
        main: getComputedStyle(document.querySelector("main") as Element).maxWidth,
      };
    });
    expect(table).toEqual({ border: "solid", main: "736px" });
    await finish(page, problems, "api-docs");
  });

  it("would notice a CSP violation (the detector itself works)", async () => {
    const { page, problems } = await open("/");
    await page.evaluate(() => {
      document.body.insertAdjacentHTML(
        "beforeend",
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="">',
      );
    });
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp.length))
      .toBeGreaterThan(0);
    expect(problems.console.join("\n")).toMatch(/Content Security Policy/);
    await page.close();
  });

  it("renders a section listing with its breadcrumb", async () => {
    const { page, problems } = await open(`/section/${encodeURIComponent("深度报道")}`);
    expect(await visibleText(page, "h1")).toBe("深度报道");
    expect(await allVisibleTexts(page, ".article-list h2")).toEqual([
      "以“小网格”撬动基层“大治理”",
      "老城区独立书店的“第二春”",
    ]);
    await finish(page, problems, "section");
  });
});

// Rendered text as a reader sees it (CSS applied), which is Playwright's innerText, not the DOM's.
function visibleText(page: Page, selector: string): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: Playwright locator method, the visible text is the point
  return page.locator(selector).innerText();
}

function allVisibleTexts(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).allInnerTexts();
}
