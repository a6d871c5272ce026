import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fillStory, STORY, storyValues } from "./desk-journey-article";
import { expectFeedsCarryStory } from "./desk-journey-feeds";
import {
  deskContext,
  launchChromium,
  mintToken,
  oneTimeLink,
  SHOTS,
  SKIP_BROWSER,
  signInWithToken,
} from "./desk-kit";
import { type LocalWorker, startWorker } from "./harness";

// The whole desk journey in Chromium against the built worker, one step after another: two editors
// sign in (one-time link at desktop width, pasted token on a phone), one writes the story and
// publishes it, readers find every field on the page, in JSON-LD and in all three feeds, then the
// desk editor signs out and revoking the token ends the phone's session too.

let worker: LocalWorker;
let browser: Browser;
let desk: { context: BrowserContext; page: Page; cspViolations: string[] };
let phone: { context: BrowserContext; page: Page; cspViolations: string[] };
let editorToken: { secret: string; id: string };
let imageUrl: string;
let article: { id: number; slug: string };

const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(SHOTS, `journey-${name}.png`), fullPage: true });

async function openDesk(width: number, height: number) {
  const { context, cspViolations } = await deskContext(browser, { width, height });
  // Nothing in the journey may leave the machine (the story's source link is never followed).
  await context.route(
    (url) => url.origin !== new URL(worker.url).origin,
    (route) => route.abort(),
  );
  return { context, cspViolations, page: await context.newPage() };
}

describe.skipIf(SKIP_BROWSER)("the desk journey, sign-in to feeds", () => {
  beforeAll(async () => {
    worker = await startWorker({ seed: false });
    browser = await launchChromium();
    editorToken = await mintToken(
      worker,
      ["drafts:read", "articles:write", "articles:publish"],
      "王嘉宁的令牌",
    );
    desk = await openDesk(1280, 900);
    phone = await openDesk(390, 844);
  });

  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
  });

  it("signs in with the one-time local link", async () => {
    const link = await oneTimeLink(worker, editorToken.id);
    await desk.page.goto(link);
    expect(new URL(desk.page.url()).pathname).toBe("/desk");
    expect(await desk.page.locator("h1").textContent()).toBe("稿件");
    // The link is spent: a second visit is refused.
    const again = await phone.context.request.get(link, { maxRedirects: 0 });
    expect(again.status()).toBe(404);
  });

  it("signs in with the pasted token in a second browser, on a phone", async () => {
    await signInWithToken(phone.page, worker, editorToken.secret);
    expect(new URL(phone.page.url()).pathname).toBe("/desk");
    await shot(phone.page, "list-390");
  });

  it("uploads the lead image through the media service", async () => {
    // step: upload — replace with the editor's upload control once it exists (publish engineer).
    const dir = path.resolve("sample/images");
    const file = (await readdir(dir)).find((f) => f.endsWith(".jpg"));
    if (!file) throw new Error("no sample jpg in sample/images");
    const res = await worker.fetch("/api/v1/media", {
      method: "POST",
      headers: { "content-type": "image/jpeg", authorization: `Bearer ${editorToken.secret}` },
      body: await readFile(path.join(dir, file)),
    });
    expect(res.status).toBe(201);
    imageUrl = ((await res.json()) as { url: string }).url;
    expect(imageUrl).toMatch(/^\/media\//);
  });

  it("writes the story with every field and saves it as a draft", async () => {
    const page = desk.page;
    await page.goto(`${worker.url}/desk/articles/new`);
    await fillStory(page, imageUrl);
    await expect(page.locator('[name="publishedAt[offset]"] ~ .hint').textContent()).resolves.toContain(
      "北京时间",
    );
    await shot(page, "editor-1280");
    await Promise.all([
      page.waitForURL(/\/desk\/articles\/\d+\/edit\?saved=1$/),
      page.click('button[name="status"][value="draft"]'),
    ]);
    const id = Number(/articles\/(\d+)\/edit/.exec(page.url())?.[1]);
    const res = await worker.fetch(`/api/v1/articles/${id}`, {
      headers: { authorization: `Bearer ${editorToken.secret}` },
    });
    const saved = (await res.json()) as { slug: string; status: string; tags: string[]; section: string[] };
    expect(saved).toMatchObject({ status: "draft", tags: STORY.tags, section: STORY.section });
    article = { id, slug: saved.slug };
    expect((await worker.fetch(`/articles/${article.slug}`)).status).toBe(404);
  });

  // step: preview — open the unsaved preview and a signed preview link in the phone context (publish engineer).
  // step: schedule — press 定时发布 with a future publishedAt; the page stays 404 until the cron runs (publish engineer).

  it("publishes it with the status button", async () => {
    const page = desk.page;
    await page.goto(`${worker.url}/desk/articles/${article.id}/edit`);
    await Promise.all([
      page.waitForURL(/\/desk\/articles\/\d+\/edit\?saved=1$/),
      page.click('button[name="status"][value="published"]'),
    ]);
    await shot(page, "published-1280");
    await phone.page.goto(`${worker.url}/desk?status=published`);
    expect(await phone.page.locator(`tr[data-article-id="${article.id}"]`).count()).toBe(1);
    await shot(phone.page, "list-published-390");
  });

  it("shows every field on the public article page, at desktop and phone width", async () => {
    for (const { page, width } of [
      { page: desk.page, width: 1280 },
      { page: phone.page, width: 390 },
    ]) {
      const res = await page.goto(`${worker.url}/articles/${article.slug}`);
      expect(res?.status()).toBe(200);
      const text = (await page.locator("main").textContent()) ?? "";
      for (const value of storyValues()) expect(text, `${value} on the page`).toContain(value);
      expect(await page.locator("h1").textContent()).toBe(STORY.title);
      expect(await page.locator("h2").allTextContents()).toEqual(expect.arrayContaining(STORY.subheadings));
      expect(await page.locator(".lead-image img").getAttribute("alt")).toBe(STORY.image.alt);
      expect(await page.locator(".lead-image img").getAttribute("src")).toBe(imageUrl);
      // The uploaded picture really loads from R2 through /media/.
      await page.waitForFunction(() => {
        const img = document.querySelector<HTMLImageElement>(".lead-image img");
        return img?.complete && img.naturalWidth > 0;
      });
      expect(await page.locator(".published time").getAttribute("datetime")).toBe(
        `${STORY.publishedAt.date}T${STORY.publishedAt.time}${STORY.publishedAt.offset}`,
      );
      expect(await page.locator(".print-edition").textContent()).toContain(STORY.print.page);
      expect(await page.locator(".editors").textContent()).toContain(STORY.editor);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(overflow).toBeLessThanOrEqual(width);
      await shot(page, `article-${width}`);
    }
  });

  it("describes it as a NewsArticle in JSON-LD with every field", async () => {
    const raw = await desk.page.locator('script[type="application/ld+json"]').textContent();
    const graph = (JSON.parse(raw ?? "{}") as { "@graph": Record<string, unknown>[] })["@graph"];
    const news = graph.find((node) => node["@type"] === "NewsArticle");
    expect(news).toMatchObject({
      headline: STORY.title,
      alternativeHeadline: STORY.subtitle,
      description: STORY.summary,
      inLanguage: "zh-CN",
      datePublished: `${STORY.publishedAt.date}T${STORY.publishedAt.time}${STORY.publishedAt.offset}`,
      author: STORY.authors.map((a) =>
        expect.objectContaining({ "@type": "Person", name: a.name, jobTitle: a.title }),
      ),
      editor: [{ "@type": "Person", name: STORY.editor }],
      articleSection: STORY.section.at(-1),
      keywords: STORY.tags,
      sourceOrganization: { "@type": "Organization", name: STORY.source.name, url: STORY.source.url },
      image: expect.objectContaining({
        url: `${worker.url}${imageUrl}`,
        caption: STORY.image.caption,
        creditText: STORY.image.credit,
        description: STORY.image.alt,
      }),
      printEdition: STORY.print.date,
      printPage: STORY.print.page,
      printSection: STORY.print.section,
      isPartOf: expect.objectContaining({
        isPartOf: { "@type": "Periodical", name: STORY.print.publication },
      }),
    });
    const crumbs = graph.find((node) => node["@type"] === "BreadcrumbList") as {
      itemListElement: { name: string }[];
    };
    expect(crumbs.itemListElement.map((c) => c.name).slice(-3)).toEqual(STORY.section);
  });

  it("carries every field in RSS, Atom and JSON Feed", async () => {
    await expectFeedsCarryStory(worker, imageUrl);
  });

  // step: conflict — edit the story in desk and phone at once, save both, resolve field by field (history engineer).
  // step: revisions — open the revision list, diff two versions, restore one as a new version (history engineer).

  it("signs out, and revoking the token refuses its other session", async () => {
    await desk.page.goto(`${worker.url}/desk`);
    await Promise.all([
      desk.page.waitForURL(`${worker.url}/desk/login`),
      desk.page.click(".desk-header button"),
    ]);
    await desk.page.goto(`${worker.url}/desk`);
    expect(new URL(desk.page.url()).pathname).toBe("/desk/login");
    await shot(desk.page, "signed-out-1280");

    // The phone is still signed in until the token itself is revoked.
    await phone.page.goto(`${worker.url}/desk`);
    expect(new URL(phone.page.url()).pathname).toBe("/desk");
    await worker.d1
      .prepare("update api_tokens set revoked_at = ? where id = ?")
      .bind(Date.now(), editorToken.id)
      .run();
    await phone.page.goto(`${worker.url}/desk`);
    expect(new URL(phone.page.url()).pathname).toBe("/desk/login");
    const refused = await phone.context.request.post(`${worker.url}/desk/articles`, {
      form: { title: "撤销之后", _csrf: "0".repeat(64) },
      headers: { origin: worker.url },
      maxRedirects: 0,
    });
    expect(refused.status()).toBe(403);
    expect(await worker.d1.prepare("select count(*) as n from articles").first<{ n: number }>()).toEqual({
      n: 1,
    });
    await shot(phone.page, "refused-390");

    expect(desk.cspViolations).toEqual([]);
    expect(phone.cspViolations).toEqual([]);
  });
});
