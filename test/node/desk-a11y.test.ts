import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type AxeViolation,
  axeViolations,
  deskContext,
  focusStyle,
  launchChromium,
  mintToken,
  SHOTS,
  SKIP_BROWSER,
  signInWithToken,
} from "./desk-kit";
import { type LocalWorker, startWorker } from "./harness";

// axe-core on every desk page there is, and the write flow by keyboard alone. Pages reached by a
// plain GET join by adding a row to the page list below; the ones only a form post reaches
// (upload, preview, conflict, lifecycle, sanitizer report) are driven there by clicking.

let worker: LocalWorker;
let browser: Browser;

function describeViolations(violations: AxeViolation[]): string {
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.join("\n  ")}`).join("\n");
}

async function expectNoViolations(page: Page, label: string) {
  const violations = await axeViolations(page);
  expect(violations, `${label}: ${page.url()}\n${describeViolations(violations)}`).toEqual([]);
}

async function createDraft(title: string, extra: Record<string, unknown> = {}): Promise<number> {
  const res = await worker.fetch("/api/v1/articles", {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${worker.token}` },
    body: JSON.stringify({
      title,
      section: ["要闻", "地方"],
      tags: ["交通"],
      authors: [{ name: "林舟", title: "本报记者" }],
      status: "draft",
      ...extra,
    }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: number }).id;
}

describe.skipIf(SKIP_BROWSER)("desk accessibility in Chromium", () => {
  beforeAll(async () => {
    worker = await startWorker({
      seed: false,
      vars: { PREVIEW_SECRET: "a11y-test-preview-secret-0123456789abcdef" },
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
  });

  it("axe-core finds no violations on any desk page, in Chinese and English", async () => {
    const id = await createDraft("山区小学新添图书角");
    const { context, cspViolations } = await deskContext(browser);
    const page = await context.newPage();

    // The checker has teeth: a planted unlabeled field is reported.
    await page.goto(`${worker.url}/desk/login`);
    await page.evaluate(() => document.querySelector("form")?.append(document.createElement("input")));
    expect((await axeViolations(page)).map((v) => v.id)).toContain("label");

    await page.goto(`${worker.url}/desk/login`);
    await expectNoViolations(page, "sign-in zh");
    await page.goto(`${worker.url}/desk/login?lang=en`);
    await expectNoViolations(page, "sign-in en");
    await page.fill('[name="token"]', "enf_not-a-real-token");
    await page.press('[name="token"]', "Enter");
    await page.waitForSelector(".notice-error");
    await expectNoViolations(page, "sign-in failed");
    await page.goto(`${worker.url}/desk/login/${"x".repeat(43)}?lang=zh`);
    await expectNoViolations(page, "spent sign-in link");

    await signInWithToken(page, worker, worker.token);
    for (const [label, target] of [
      ["list", "/desk"],
      ["list with filters", "/desk?status=draft&section=要闻&tag=交通&author=林舟&q=图书"],
      ["list with no match", "/desk?q=nothing-matches-this"],
      ["new article", "/desk/articles/new"],
      ["edit article", `/desk/articles/${id}/edit`],
      ["saved notice", `/desk/articles/${id}/edit?saved=1`],
      ["sessions", "/desk/sessions"],
      ["not found", "/desk/articles/999999/edit"],
      ["list in English", "/desk?lang=en"],
      ["editor in English", "/desk/articles/new"],
    ] as const satisfies readonly (readonly [string, string])[]) {
      await page.goto(`${worker.url}${target}`);
      await expectNoViolations(page, label);
    }

    await page.goto(`${worker.url}/desk/articles/new?lang=zh`);
    await page.fill('[name="title"]', "");
    await page.fill('[name="image[url]"]', "javascript:alert(1)");
    await page.fill('[name="authors[0][title]"]', "特约通讯员");
    await page.click('button[name="status"][value="draft"]');
    await page.waitForSelector("[data-field]");
    await expectNoViolations(page, "editor with validation errors");
    await page.screenshot({ path: path.join(SHOTS, "a11y-editor-errors-1280.png") });

    // A save against a version someone else has since replaced.
    const stale = await context.newPage();
    await stale.goto(`${worker.url}/desk/articles/${id}/edit`);
    await page.goto(`${worker.url}/desk/articles/${id}/edit`);
    await page.fill('[name="subtitle"]', "第一位编辑的副标题");
    await page.click('button[name="status"][value="draft"]');
    await stale.fill('[name="subtitle"]', "第二位编辑的副标题");
    await stale.click('button[name="status"][value="draft"]');
    await expectNoViolations(stale, "stale save");
    await stale.close();

    // A conflict over the body too, so the page shows marked insertions and deletions.
    const other = await context.newPage();
    await other.goto(`${worker.url}/desk/articles/${id}/edit`);
    await page.goto(`${worker.url}/desk/articles/${id}/edit`);
    await page.fill('[name="title"]', "山区小学新添两处图书角");
    await page.fill('[name="body"]', "图书角于本周开放。\n\n首批图书三百册。");
    await Promise.all([page.waitForURL(/saved=1$/), page.click('button[name="status"][value="draft"]')]);
    await other.fill('[name="body"]', "图书角于上周开放。\n\n首批图书五百册，由市图书馆捐赠。");
    await other.click('button[name="status"][value="draft"]');
    await other.waitForSelector("#compare-body ins");
    await expectNoViolations(other, "conflict page");
    await other.setViewportSize({ width: 390, height: 844 });
    await expectNoViolations(other, "conflict page 390");
    await other.check('[name="_pick[title]"][value="theirs"]');
    await Promise.all([other.waitForURL(/saved=1$/), other.click('button[name="status"][value="draft"]')]);
    await other.close();

    for (const [label, target] of [
      ["revisions", `/desk/articles/${id}/revisions`],
      ["revisions compare", `/desk/articles/${id}/revisions?from=1&to=4`],
      ["revisions compare, nothing differs", `/desk/articles/${id}/revisions?from=2&to=2`],
      ["revisions in English", `/desk/articles/${id}/revisions?from=2&to=4&lang=en`],
      ["editor back in Chinese", `/desk/articles/${id}/edit?lang=zh`],
    ] as const satisfies readonly (readonly [string, string])[]) {
      await page.goto(`${worker.url}${target}`);
      await expectNoViolations(page, label);
    }

    // Upload a picture into an unsaved article, then preview it in its own tab.
    await page.goto(`${worker.url}/desk/articles/new`);
    await page.fill('[name="title"]', "图书角迎来第一批小读者");
    await page.fill('[name="image[caption]"]', "学生在图书角挑选图书。");
    await page.fill('[name="image[alt]"]', "书架前挑书的小学生");
    await page.fill('[name="body"]', "## 每周两节阅读课\n\n学校把阅读课排进了课表。");
    await page.setInputFiles('[name="image[file]"]', path.resolve("sample/images/lakeside-grid.jpg"));
    await Promise.all([
      page.waitForURL(/\/desk\/articles\/new\/media$/),
      page.click('button[name="_upload"]'),
    ]);
    expect(await page.inputValue('[name="image[url]"]')).toMatch(/^\/media\//);
    await expectNoViolations(page, "editor after upload");
    const [preview] = await Promise.all([
      context.waitForEvent("page"),
      page.click('button[name="_preview"]'),
    ]);
    await preview.waitForLoadState("load");
    expect(await preview.locator("[data-preview-banner]").count()).toBe(1);
    await expectNoViolations(preview, "unsaved preview");
    await preview.setViewportSize({ width: 390, height: 844 });
    await expectNoViolations(preview, "unsaved preview 390");
    await preview.close();

    // Saved as a draft: a signed preview link, and the page it opens for someone with no session.
    await Promise.all([page.waitForURL(/saved=1$/), page.click('button[name="status"][value="draft"]')]);
    await Promise.all([
      page.waitForURL(/\/preview-link$/),
      page.click('form.preview-link button[type="submit"]'),
    ]);
    await expectNoViolations(page, "preview link");
    const href = new URL((await page.locator("a.preview-href").getAttribute("href")) ?? "", worker.url).href;
    const colleague = await deskContext(browser);
    const shared = await colleague.context.newPage();
    expect((await shared.goto(href))?.status()).toBe(200);
    await expectNoViolations(shared, "signed preview");
    expect(colleague.cspViolations).toEqual([]);
    await colleague.context.close();

    // The editor's lifecycle buttons, on a published article and on a deleted one.
    const published = await createDraft("图书角获评优秀阅读空间", {
      status: "published",
      publishedAt: "2026-11-20T09:00:00+08:00",
    });
    await page.goto(`${worker.url}/desk/articles/${published}/edit`);
    expect(await page.locator('form.lifecycle button[name="action"]').count()).toBeGreaterThanOrEqual(2);
    await expectNoViolations(page, "editor, published, lifecycle buttons");
    await Promise.all([
      page.waitForURL(/\?done=delete$/),
      page.click('button[name="action"][value="delete"]'),
    ]);
    expect(await page.locator('button[name="action"][value="restore"]').count()).toBe(1);
    await expectNoViolations(page, "editor, deleted, restore button");
    await page.goto(`${worker.url}/desk/articles/${published}/edit`);
    await expectNoViolations(page, "editor, deleted, reopened");

    // An HTML body the sanitizer had to change: the saved editor with its report on top.
    await page.goto(`${worker.url}/desk/articles/new`);
    await page.fill('[name="title"]', "图书角捐书倡议");
    await page.selectOption('[name="bodyFormat"]', "html");
    await page.fill(
      '[name="body"]',
      '<p onclick="steal()">欢迎捐赠适合小学生阅读的图书。</p><script>alert(1)</script><font color="red">截止日期：12月20日</font>',
    );
    await page.click('button[name="status"][value="draft"]');
    await page.waitForSelector(".sanitizer-changes li");
    await expectNoViolations(page, "sanitizer report");
    await page.screenshot({ path: path.join(SHOTS, "a11y-sanitizer-report-1280.png"), fullPage: true });

    const writer = await mintToken(worker, ["drafts:read", "articles:write"], "writer");
    await context.clearCookies();
    await signInWithToken(page, worker, writer.secret);
    await page.goto(`${worker.url}/desk/articles/${id}/edit`);
    await expectNoViolations(page, "editor without publish scope");
    await page.goto(`${worker.url}/desk/sessions`);
    expect(await page.locator(".notice-error").count()).toBe(1);
    await expectNoViolations(page, "forbidden");

    expect(cspViolations).toEqual([]);
    await context.close();
  });

  it("the CSP detector sees a deliberate violation, and the desk's CSP blocks it", async () => {
    const { context, cspViolations } = await deskContext(browser);
    const page = await context.newPage();
    await page.goto(`${worker.url}/desk/login`);
    expect(cspViolations).toEqual([]);
    await page.evaluate(() => {
      const script = document.createElement("script");
      script.textContent = "document.title = 'injected'";
      document.body.append(script);
    });
    await expect.poll(() => cspViolations.length).toBeGreaterThan(0);
    expect(cspViolations[0]).toMatch(/inline script/);
    expect(await page.title()).not.toBe("injected");
    await context.close();
  });

  it("axe-core finds no violations at phone width either", async () => {
    const { context } = await deskContext(browser, { width: 390, height: 844 });
    const page = await context.newPage();
    await page.goto(`${worker.url}/desk/login`);
    await expectNoViolations(page, "sign-in 390");
    await signInWithToken(page, worker, worker.token);
    for (const [label, target] of [
      ["list 390", "/desk"],
      ["new article 390", "/desk/articles/new"],
      ["sessions 390", "/desk/sessions"],
    ] as const satisfies readonly (readonly [string, string])[]) {
      await page.goto(`${worker.url}${target}`);
      await expectNoViolations(page, label);
    }
    await context.close();
  });

  it("signs in, opens a new article, fills it and saves by keyboard alone, focus always visible", async () => {
    const { context } = await deskContext(browser);
    const page = await context.newPage();
    const visited: string[] = [];

    /** Tabs forward until `selector` has focus, asserting each stop shows a visible outline. */
    async function tabTo(selector: string) {
      for (let i = 0; i < 80; i++) {
        await page.keyboard.press("Tab");
        const style = await focusStyle(page);
        if (style) {
          visited.push(`${style.tag}:${style.name}`);
          expect(style.outlineStyle, `focus on ${style.tag} ${style.name}`).not.toBe("none");
          expect(style.outlineWidth, `focus on ${style.tag} ${style.name}`).toBeGreaterThanOrEqual(2);
        }
        if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
      }
      throw new Error(`Tab never reached ${selector}; visited ${visited.join(", ")}`);
    }

    await page.goto(`${worker.url}/desk/login`);
    await tabTo('[name="token"]');
    await page.keyboard.type(worker.token);
    await Promise.all([page.waitForURL(`${worker.url}/desk`), page.keyboard.press("Enter")]);

    await tabTo('a[href="/desk/articles/new"]');
    await Promise.all([page.waitForURL(`${worker.url}/desk/articles/new`), page.keyboard.press("Enter")]);
    await tabTo('[name="title"]');
    await page.keyboard.type("键盘写就的稿件");
    await tabTo('[name="image[url]"]');
    await page.keyboard.type("javascript:alert(1)");
    await tabTo('[name="body"]');
    await page.keyboard.type("## 小标题\n\n只用键盘完成的正文。");
    await tabTo('button[name="status"][value="draft"]');
    await Promise.all([page.waitForLoadState("load"), page.keyboard.press("Enter")]);

    // Refused: the link under the notice takes the keyboard straight to the field to fix.
    await page.waitForSelector(".error-links");
    await tabTo('.error-links a[href="#field-image-url"]');
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("name"))).toBe("image[url]");
    await page.keyboard.press("Control+A");
    await page.keyboard.type("https://img.example.com/keyboard.jpg");
    await tabTo('button[name="status"][value="draft"]');
    await Promise.all([
      page.waitForURL(/\/desk\/articles\/\d+\/edit\?saved=1$/),
      page.keyboard.press("Enter"),
    ]);

    const id = Number(/articles\/(\d+)\/edit/.exec(page.url())?.[1]);
    const res = await worker.fetch(`/api/v1/articles/${id}`, {
      headers: { authorization: `Bearer ${worker.token}` },
    });
    const saved = (await res.json()) as { title: string; status: string; body: string };
    expect(saved).toMatchObject({ title: "键盘写就的稿件", status: "draft" });
    expect(saved.body).toContain("只用键盘完成的正文。");
    // The skip link is the first stop on every page, and it is visible when focused.
    expect(visited[0]).toBe("a:跳到正文");
    await context.close();
  });
});
