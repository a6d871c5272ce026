import { readdir } from "node:fs/promises";
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
  runCron,
  SHOTS,
  SKIP_BROWSER,
  signInWithToken,
} from "./desk-kit";
import { type LocalWorker, startWorker } from "./harness";

// The whole desk journey in Chromium against the built worker, one step after another: two editors
// sign in (one-time link at desktop width, pasted token on a phone), one writes the story, uploads
// its picture and previews it unsaved, shares a signed preview link, schedules it (the cron
// publishes it), publishes it; both editors then save at once and resolve the conflict, the
// revisions are compared and one restored; readers find every field on the page, in JSON-LD and in
// all three feeds, then the desk editor signs out and revoking the token ends the phone's session too.

let worker: LocalWorker;
let browser: Browser;
let desk: { context: BrowserContext; page: Page; cspViolations: string[] };
let phone: { context: BrowserContext; page: Page; cspViolations: string[] };
let editorToken: { secret: string; id: string };
let imageUrl: string;
let article: { id: number; slug: string };
/** The version the publish step saved: what the revisions step restores. */
let publishedVersion: number;
/** The signed preview link made for version 1. */
let sharedPreview: string;

type ApiArticle = {
  slug: string;
  status: string;
  version: number;
  summary: string;
  body: string;
  publishedAt: string | null;
  tags: string[];
  section: string[];
};

async function apiArticle(): Promise<ApiArticle> {
  const res = await worker.fetch(`/api/v1/articles/${article.id}`, {
    headers: { authorization: `Bearer ${editorToken.secret}` },
  });
  expect(res.status).toBe(200);
  const saved = (await res.json()) as ApiArticle;
  // A form posts a textarea with CRLF line breaks, and the body is stored as posted.
  return { ...saved, body: saved.body.replace(/\r\n/g, "\n") };
}

const SAVED = /\/desk\/articles\/\d+\/edit\?saved=1$/;
const editUrl = () => `${worker.url}/desk/articles/${article.id}/edit`;

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
    worker = await startWorker({
      seed: false,
      vars: { PREVIEW_SECRET: "journey-preview-secret-0123456789abcdef" },
    });
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

  it("types the story and uploads the lead image with the editor's upload button", async () => {
    const page = desk.page;
    await page.goto(`${worker.url}/desk/articles/new`);
    await fillStory(page);
    const dir = path.resolve("sample/images");
    const file = (await readdir(dir)).find((f) => f.endsWith(".jpg"));
    if (!file) throw new Error("no sample jpg in sample/images");
    await page.setInputFiles('[name="image[file]"]', path.join(dir, file));
    await Promise.all([
      page.waitForURL(`${worker.url}/desk/articles/new/media`),
      page.click('button[name="_upload"]'),
    ]);
    imageUrl = await page.inputValue('[name="image[url]"]');
    expect(imageUrl).toMatch(/^\/media\/[0-9a-f]{32}\.jpg$/);
    // The whole form came back as typed, the added author row too; nothing is saved yet.
    expect(await page.inputValue('[name="title"]')).toBe(STORY.title);
    expect(await page.inputValue('[name="authors[1][title]"]')).toBe(STORY.authors[1]?.title);
    expect(await page.inputValue('[name="image[alt]"]')).toBe(STORY.image.alt);
    expect(await page.inputValue('[name="publishedAt[offset]"]')).toBe(STORY.publishedAt.offset);
    expect(await page.inputValue('[name="body"]')).toBe(STORY.body);
    expect(await worker.d1.prepare("select count(*) as n from articles").first<{ n: number }>()).toEqual({
      n: 0,
    });
    // The picture is in R2 and served from /media/.
    const media = await worker.fetch(imageUrl);
    expect(media.status).toBe(200);
    expect(media.headers.get("content-type")).toBe("image/jpeg");
  });

  it("previews the unsaved story in a new tab, with the banner, as readers will see it", async () => {
    const [preview] = await Promise.all([
      desk.context.waitForEvent("page"),
      desk.page.click('button[name="_preview"]'),
    ]);
    await preview.waitForLoadState("load");
    expect(new URL(preview.url()).pathname).toBe("/desk/articles/new/preview");
    expect(await preview.locator("[data-preview-banner]").isVisible()).toBe(true);
    expect(await preview.locator("article h1").textContent()).toBe(STORY.title);
    const text = (await preview.locator("main").textContent()) ?? "";
    for (const value of storyValues()) expect(text, `${value} in the preview`).toContain(value);
    expect(await preview.locator("h2").allTextContents()).toEqual(expect.arrayContaining(STORY.subheadings));
    expect(await preview.locator(".lead-image img").getAttribute("src")).toBe(imageUrl);
    expect(await preview.locator(".lead-image img").getAttribute("alt")).toBe(STORY.image.alt);
    await preview.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>(".lead-image img");
      return img?.complete && img.naturalWidth > 0;
    });
    expect(await preview.locator(".published time").getAttribute("datetime")).toBe(
      `${STORY.publishedAt.date}T${STORY.publishedAt.time}${STORY.publishedAt.offset}`,
    );
    await shot(preview, "preview-1280");
    await preview.setViewportSize({ width: 390, height: 844 });
    expect(await preview.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(preview, "preview-390");
    await preview.close();
    // Previewing saves nothing: the form is still unsaved in the first tab.
    expect(await worker.d1.prepare("select count(*) as n from articles").first<{ n: number }>()).toEqual({
      n: 0,
    });
    expect(new URL(desk.page.url()).pathname).toBe("/desk/articles/new/media");
  });

  it("writes the story with every field and saves it as a draft", async () => {
    const page = desk.page;
    // Every field is still as typed before the upload; the upload filled in the picture's URL.
    expect(await page.inputValue('[name="image[url]"]')).toBe(imageUrl);
    await expect(page.locator('[name="publishedAt[offset]"] ~ .hint').textContent()).resolves.toContain(
      "北京时间",
    );
    await shot(page, "editor-1280");
    await Promise.all([page.waitForURL(SAVED), page.click('button[name="status"][value="draft"]')]);
    const id = Number(/articles\/(\d+)\/edit/.exec(page.url())?.[1]);
    const res = await worker.fetch(`/api/v1/articles/${id}`, {
      headers: { authorization: `Bearer ${editorToken.secret}` },
    });
    const saved = (await res.json()) as { slug: string; status: string; tags: string[]; section: string[] };
    expect(saved).toMatchObject({ status: "draft", tags: STORY.tags, section: STORY.section });
    article = { id, slug: saved.slug };
    expect((await worker.fetch(`/articles/${article.slug}`)).status).toBe(404);
  });

  it("shares a signed preview link that a colleague opens with no session", async () => {
    const page = desk.page;
    await Promise.all([
      page.waitForURL(`${editUrl().replace(/\/edit$/, "")}/preview-link`),
      page.click('form.preview-link button[type="submit"]'),
    ]);
    const href = new URL((await page.locator("a.preview-href").getAttribute("href")) ?? "", worker.url).href;
    expect(href).toMatch(new RegExp(`/preview/${article.id}\\?v=1&exp=\\d+&sig=`));
    await shot(page, "preview-link-1280");

    const colleague = await openDesk(390, 844);
    try {
      const res = await colleague.page.goto(href);
      expect(res?.status()).toBe(200);
      expect(res?.headers()["cache-control"]).toBe("private, no-store");
      expect(await colleague.context.cookies()).toEqual([]);
      expect(await colleague.page.locator("[data-preview-banner]").isVisible()).toBe(true);
      expect(await colleague.page.locator("article h1").textContent()).toBe(STORY.title);
      const text = (await colleague.page.locator("main").textContent()) ?? "";
      for (const value of storyValues()) expect(text, `${value} in the shared preview`).toContain(value);
      expect(await colleague.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        390,
      );
      await shot(colleague.page, "preview-shared-390");
      // A tampered signature is the same 404 as the draft's public URL.
      const tampered = await colleague.page.goto(href.replace(/sig=[^&]+/, "sig=AAAA"));
      expect(tampered?.status()).toBe(404);
      expect(colleague.cspViolations).toEqual([]);
    } finally {
      await colleague.context.close();
    }
    // Still a draft: readers get nothing.
    expect((await worker.fetch(`/articles/${article.slug}`)).status).toBe(404);
    sharedPreview = href;
  });

  it("schedules it with the status button; the cron publishes it once its time comes", async () => {
    const page = desk.page;
    await page.goto(editUrl());
    // An hour from now, typed in Beijing time.
    const at = Math.ceil((Date.now() + 3_600_000) / 1000) * 1000;
    const beijing = new Date(at + 8 * 3_600_000).toISOString();
    await page.fill('[name="publishedAt[date]"]', beijing.slice(0, 10));
    await page.fill('[name="publishedAt[time]"]', beijing.slice(11, 19));
    await page.fill('[name="publishedAt[offset]"]', "+08:00");
    await Promise.all([page.waitForURL(SAVED), page.click('button[name="status"][value="scheduled"]')]);
    const scheduled = await apiArticle();
    expect(scheduled.status).toBe("scheduled");
    expect(Date.parse(scheduled.publishedAt ?? "")).toBe(at);
    expect((await worker.fetch(`/articles/${article.slug}`)).status).toBe(404);
    // The link was for version 1; a newer version makes it the same 404.
    expect((await worker.fetch(sharedPreview)).status).toBe(404);
    await shot(page, "scheduled-1280");
    await phone.page.goto(`${worker.url}/desk?status=scheduled`);
    expect(await phone.page.locator(`tr[data-article-id="${article.id}"]`).count()).toBe(1);
    await shot(phone.page, "list-scheduled-390");

    // The cron that runs now finds nothing due; the one that runs at the article's time flips it.
    expect(await runCron(worker)).toBe("ok");
    expect((await apiArticle()).status).toBe("scheduled");
    expect(await runCron(worker, at + 1000)).toBe("ok");
    const flipped = await apiArticle();
    expect(flipped).toMatchObject({ status: "published", version: scheduled.version + 1 });
    const by = await worker.d1
      .prepare(
        "select token_id as who from article_revisions where article_id = ? order by version desc limit 1",
      )
      .bind(article.id)
      .first<{ who: string }>();
    expect(by?.who).toBe("system:scheduler");
  });

  it("publishes it with the status button", async () => {
    const page = desk.page;
    await page.goto(editUrl());
    // Back to the story's own time (the print edition's morning), then out it goes.
    await page.fill('[name="publishedAt[date]"]', STORY.publishedAt.date);
    await page.fill('[name="publishedAt[time]"]', STORY.publishedAt.time);
    await page.fill('[name="publishedAt[offset]"]', STORY.publishedAt.offset);
    await Promise.all([page.waitForURL(SAVED), page.click('button[name="status"][value="published"]')]);
    await shot(page, "published-1280");
    const published = await apiArticle();
    expect(published.status).toBe("published");
    publishedVersion = published.version;
    await phone.page.goto(`${worker.url}/desk?status=published`);
    expect(await phone.page.locator(`tr[data-article-id="${article.id}"]`).count()).toBe(1);
    await shot(phone.page, "list-published-390");
  });

  const deskSummary = `${STORY.summary}三处观鸟点周末加开夜场。`;
  const phoneBody = `${STORY.body}\n\n湿地管理处提醒市民观鸟时保持安静。`;

  it("both editors save at once; the conflict is resolved keeping one field from each", async () => {
    await desk.page.goto(editUrl());
    await phone.page.goto(editUrl());
    await desk.page.fill('[name="summary"]', deskSummary);
    await Promise.all([
      desk.page.waitForURL(SAVED),
      desk.page.click('button[name="status"][value="published"]'),
    ]);

    const page = phone.page;
    await page.fill('[name="body"]', phoneBody);
    await Promise.all([
      page.waitForURL(`${worker.url}/desk/articles/${article.id}`),
      page.click('button[name="status"][value="published"]'),
    ]);
    expect(await page.locator("h1").textContent()).toContain("编辑冲突");
    expect(await page.locator("fieldset.compare").evaluateAll((els) => els.map((e) => e.id))).toEqual([
      "compare-summary",
      "compare-body",
    ]);
    expect(await page.locator("#compare-summary").textContent()).toContain("三处观鸟点周末加开夜场。");
    expect(await page.locator("#compare-body").textContent()).toContain("湿地管理处提醒市民观鸟时保持安静。");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(page, "conflict-390");
    await page.setViewportSize({ width: 1280, height: 900 });
    await shot(page, "conflict-1280");
    await page.setViewportSize({ width: 390, height: 844 });

    // Their summary, my body.
    await page.check('[name="_pick[summary]"][value="theirs"]');
    await page.check('[name="_pick[body]"][value="mine"]');
    await Promise.all([page.waitForURL(SAVED), page.click('button[name="status"][value="published"]')]);
    expect(await page.inputValue('[name="summary"]')).toBe(deskSummary);
    expect(await page.inputValue('[name="body"]')).toBe(phoneBody);
    const merged = await apiArticle();
    expect(merged).toMatchObject({
      status: "published",
      summary: deskSummary,
      body: phoneBody,
      version: publishedVersion + 2,
    });
    const text = (await (await worker.fetch(`/articles/${article.slug}`)).text()) ?? "";
    expect(text).toContain("三处观鸟点周末加开夜场。");
    expect(text).toContain("湿地管理处提醒市民观鸟时保持安静。");
  });

  it("compares two versions on the revisions page and restores the published one as a new version", async () => {
    const page = desk.page;
    await page.goto(editUrl());
    await Promise.all([
      page.waitForURL(`${worker.url}/desk/articles/${article.id}/revisions`),
      page.click(`a[href="/desk/articles/${article.id}/revisions"]`),
    ]);
    const current = publishedVersion + 2;
    const listed = () =>
      page.locator("tbody tr").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-version")));
    expect(await listed()).toEqual(Array.from({ length: current }, (_, i) => String(current - i)));

    await page.selectOption("#compare-from", String(publishedVersion));
    await page.selectOption("#compare-to", String(current));
    await Promise.all([
      page.waitForURL(new RegExp(`/revisions\\?from=${publishedVersion}&to=${current}$`)),
      page.click(".compare-form button"),
    ]);
    expect(await page.locator("fieldset.compare").evaluateAll((els) => els.map((e) => e.id))).toEqual([
      "compare-summary",
      "compare-body",
    ]);
    expect(await page.locator("#compare-summary ins").allTextContents()).toEqual([
      "三处观鸟点周末加开夜场。",
    ]);
    expect((await page.locator("#compare-body ins").allTextContents()).join("")).toContain(
      "湿地管理处提醒市民观鸟时保持安静。",
    );
    await shot(page, "revisions-1280");
    await phone.page.goto(page.url());
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(phone.page, "revisions-390");

    await Promise.all([page.waitForURL(SAVED), page.click(`tr[data-version="${publishedVersion}"] button`)]);
    expect(await page.inputValue('[name="summary"]')).toBe(STORY.summary);
    const restored = await apiArticle();
    expect(restored).toMatchObject({
      status: "published",
      summary: STORY.summary,
      body: STORY.body,
      version: current + 1,
    });
    await page.goto(`${worker.url}/desk/articles/${article.id}/revisions`);
    expect(await listed()).toEqual(Array.from({ length: current + 1 }, (_, i) => String(current + 1 - i)));
    await shot(page, "restored-1280");
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
