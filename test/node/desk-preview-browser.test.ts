import path from "node:path";
import { crc32, deflateSync } from "node:zlib";
import type { BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, launchProfile, localOnly, DESK_SHOTS as SHOTS, watchCsp } from "./chromium";
import { sampleTokenLink } from "./desk-kit";
import { type LocalWorker, startWorker } from "./harness";

// Upload, preview and a signed preview link in a real browser with JavaScript off, at desktop and
// phone width. Screenshots go to test-results/desk/.

const skip = process.env.SKIP_BROWSER === "1";

let worker: LocalWorker;
let context: BrowserContext;
let closeChromium: (() => Promise<void>) | undefined;
const cspMessages: string[] = [];

/** A real (decodable) PNG: a blue-to-green gradient, so the screenshot shows the image arrived. */
function decodablePng(width: number, height: number): Buffer {
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x++) {
      rows[row + 1 + x * 3] = 40;
      rows[row + 2 + x * 3] = Math.round((x / width) * 200);
      rows[row + 3 + x * 3] = Math.round(220 - (y / height) * 120);
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const framed = Buffer.alloc(body.length + 8);
    framed.writeUInt32BE(data.length, 0);
    body.copy(framed, 4);
    framed.writeUInt32BE(crc32(body), body.length + 4);
    return framed;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(rows)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

describe.skipIf(skip)("desk preview and upload in Chromium, JavaScript off", () => {
  beforeAll(async () => {
    worker = await startWorker({
      seed: false,
      vars: { PREVIEW_SECRET: "browser-test-preview-secret-0123456789abcdef" },
    });
    ({ context, close: closeChromium } = await launchProfile("desk-preview", SHOTS, worker.url, {
      javaScriptEnabled: false,
      locale: "zh-CN",
    }));
  });

  afterAll(async () => {
    await closeChromium?.();
    await worker?.stop();
  });

  it("uploads a lead image, previews the unsaved article with a banner, and shares a signed link", async () => {
    const url = await sampleTokenLink(worker);
    const page = await context.newPage();
    watchCsp(page, cspMessages);
    await page.goto(url);

    await page.goto(`${worker.url}/desk/articles/new`);
    await page.fill('[name="section"]', "要闻 › 地方");
    await page.fill('[name="title"]', "湖滨图书馆夜间开放");
    await page.fill('[name="subtitle"]', "周末开放时间延长至晚十点");
    await page.fill('[name="authors[0][name]"]', "王岚");
    await page.fill('[name="authors[0][title]"]', "本报记者");
    await page.fill('[name="editors[0][name]"]', "李楠");
    await page.fill('[name="publishedAt[date]"]', "2026-11-30");
    await page.fill('[name="publishedAt[time]"]', "08:30:00");
    await page.fill('[name="image[caption]"]', "读者在新开放的自习区学习。");
    await page.fill('[name="image[credit]"]', "本报记者 王岚 摄");
    await page.fill('[name="image[alt]"]', "图书馆自习区里坐满了读者");
    await page.fill(
      '[name="body"]',
      "湖滨新区图书馆周末起延长开放。\n\n## 自习座位增至四百个\n\n新增座位可在线预约。",
    );
    await page.setInputFiles('[name="image[file]"]', {
      name: "library.png",
      mimeType: "image/png",
      buffer: decodablePng(1200, 675),
    });
    await page.click('button[name="_upload"]');
    expect(await page.inputValue('[name="image[url]"]')).toMatch(/^\/media\/[0-9a-f]{32}\.png$/);
    expect(await page.inputValue('[name="image[caption]"]')).toBe("读者在新开放的自习区学习。");
    expect(await page.inputValue('[name="title"]')).toBe("湖滨图书馆夜间开放");
    await page.screenshot({ path: path.join(SHOTS, "editor-uploaded-1280.png"), fullPage: true });

    const [preview] = await Promise.all([
      context.waitForEvent("page"),
      page.click('button[name="_preview"]'),
    ]);
    watchCsp(preview, cspMessages);
    await preview.waitForLoadState("load");
    expect(await preview.locator("[data-preview-banner]").isVisible()).toBe(true);
    expect(await preview.locator("article h1").textContent()).toBe("湖滨图书馆夜间开放");
    const image = await preview
      .locator(".lead-image img")
      .evaluate((img) => (img as HTMLImageElement).naturalWidth);
    expect(image).toBe(1200);
    const bannerColour = await preview
      .locator("[data-preview-banner]")
      .evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(bannerColour).toBe("rgb(122, 31, 0)");
    await preview.screenshot({ path: path.join(SHOTS, "preview-1280.png"), fullPage: true });
    await preview.setViewportSize({ width: 390, height: 844 });
    expect(await preview.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await preview.screenshot({ path: path.join(SHOTS, "preview-390.png"), fullPage: true });
    await preview.close();

    await page.click('button[name="status"][value="draft"]');
    expect(page.url()).toMatch(/\/edit\?saved=1$/);
    await page.click('form.preview-link button[type="submit"]');
    const href = await page.locator("a.preview-href").getAttribute("href");
    expect(href).toMatch(/\/preview\/\d+\?v=1&exp=\d+&sig=/);
    await page.screenshot({ path: path.join(SHOTS, "preview-link-1280.png") });

    // A colleague without a session opens the link.
    const colleague = await launchBrowser(SHOTS);
    try {
      const other = await colleague.newPage({
        javaScriptEnabled: false,
        viewport: { width: 1280, height: 900 },
      });
      await localOnly(other.context(), worker.url);
      watchCsp(other, cspMessages);
      const res = await other.goto(href ?? "");
      expect(res?.status()).toBe(200);
      expect(res?.headers()["cache-control"]).toBe("private, no-store");
      expect(await other.locator("[data-preview-banner]").isVisible()).toBe(true);
      await other.screenshot({ path: path.join(SHOTS, "preview-shared-1280.png"), fullPage: true });
    } finally {
      await colleague.close();
    }
    expect(cspMessages).toEqual([]);
    await page.close();
  });
});
