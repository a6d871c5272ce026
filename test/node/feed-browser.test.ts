import { writeFile } from "node:fs/promises";
import path from "node:path";
import type { BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchProfile, SCREENSHOTS } from "./chromium";
import { type LocalWorker, startWorker } from "./harness";

// A person who follows a feed link lands on the XML: with its CSS stylesheet Chromium shows a readable
// page (a "this is a feed" note, the address to copy, the headlines) instead of a tree of raw XML.
// Screenshots go to test-results/screenshots/feed-*.png.

describe.skipIf(Boolean(process.env.SKIP_BROWSER))("feeds in headless Chromium", () => {
  let worker: LocalWorker;
  let context: BrowserContext;
  let closeChromium: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    worker = await startWorker();
    ({ context, close: closeChromium } = await launchProfile("feed-chromium", SCREENSHOTS, worker.url));
  });

  afterAll(async () => {
    await closeChromium?.();
    await worker?.stop();
  });

  for (const [name, file, itemTag] of [
    ["rss", "/feed.xml", "item"],
    ["atom", "/atom.xml", "entry"],
    ["archive", "/archive/2020-12/feed.xml", "item"],
  ] as const) {
    it(`${file} shows the note, the address and the headlines, and hides the rest`, async () => {
      const page = await context.newPage();
      const failed: string[] = [];
      page.on("response", (res) => {
        if (res.status() >= 400) failed.push(`${res.status()} ${res.url()}`);
      });
      await page.goto(new URL(file, worker.url).toString(), { waitUntil: "load" });
      const view = await page.evaluate((tag) => {
        const root = document.documentElement;
        const shown = (el: Element) =>
          getComputedStyle(el).display !== "none" && el.getBoundingClientRect().height > 0;
        const byName = (local: string) => [...document.getElementsByTagNameNS("*", local)];
        const self = byName("link").find((l) => l.getAttribute("rel") === "self");
        return {
          // Chromium's raw-XML viewer replaces the document with its own HTML tree.
          root: root.localName,
          note: getComputedStyle(root, "::before").content,
          selfShown: self ? shown(self) : false,
          selfText: self ? getComputedStyle(self, "::after").content : "",
          titles: byName("title").filter((t) => t.parentElement?.localName === tag && shown(t)).length,
          items: byName(tag).length,
          hidden: ["guid", "encoded", "description", "content", "summary", "category"]
            .flatMap(byName)
            .filter((el) => el.parentElement?.localName === tag)
            .filter(shown).length,
        };
      }, itemTag);
      expect(view.root).toBe(name === "atom" ? "feed" : "rss");
      expect(view.note).toContain("copy the address below into your feed reader");
      expect(view.selfShown).toBe(true);
      expect(view.selfText).toBe(`"${new URL(file, worker.url).toString()}"`);
      expect(view.items).toBeGreaterThan(0);
      expect(view.titles).toBe(view.items);
      expect(view.hidden).toBe(0);
      expect(failed).toEqual([]);
      // page.screenshot waits on document.fonts, which never settles in an XML document: capture over CDP.
      const cdp = await context.newCDPSession(page);
      const shot = await cdp.send("Page.captureScreenshot", { format: "png", captureBeyondViewport: true });
      await writeFile(path.join(SCREENSHOTS, `feed-${name}.png`), Buffer.from(shot.data, "base64"));
      await page.close();
    });
  }
});
