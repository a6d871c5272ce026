import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { previewPath, signPreview } from "../../src/lib/preview-link";
import { dumpDatabase, resetDatabase } from "./support/database";
import { type DeskUser, getPage, postForm, resetDesk, signIn } from "./support/desk-kit";
import { articleMarkup, FORM, headMetadata, JSON_ARTICLE } from "./support/desk-publish-kit";
import { createArticle, ORIGIN, patchArticle, request } from "./support/helpers";

let user: DeskUser;

beforeEach(async () => {
  await resetDesk();
  await resetDatabase();
  user = await signIn();
});

const preview = (path: string, fields: Record<string, string>) =>
  postForm(path, { ...fields, _csrf: user.csrf, _preview: "1" }, { cookie: user.cookie });

async function draft(extra: Record<string, unknown> = {}) {
  return createArticle(user.secret, { ...JSON_ARTICLE, status: "draft", ...extra });
}

async function linkFor(id: number, version: number, days = "7") {
  const res = await postForm(
    `/desk/articles/${id}/preview-link`,
    { _csrf: user.csrf, version: String(version), days },
    { cookie: user.cookie },
  );
  expect(res.status).toBe(200);
  const href = /class="preview-href">([^<]+)</.exec(await res.text())?.[1]?.replaceAll("&amp;", "&");
  expect(href).toMatch(/^https:\/\/news\.example\.com\/preview\/\d+\?v=\d+&exp=\d+&sig=[A-Za-z0-9_-]{43}$/);
  return new URL(href ?? "").pathname + new URL(href ?? "").search;
}

/** The body a draft's public URL answers: every refused link must be exactly this. */
async function draftNotFoundBody() {
  const hidden = await draft({ slug: "hidden-draft", title: "另一篇草稿" });
  const res = await request(`/articles/${hidden.slug}`);
  expect(res.status).toBe(404);
  return res.text();
}

describe("preview of unsaved changes", () => {
  it("renders the form through the public article template, with a banner, saving nothing", async () => {
    const published = await createArticle(user.secret, JSON_ARTICLE);
    const publicHtml = await (await request(`/articles/${published.slug}`)).text();
    await request(`/api/v1/articles/${published.id}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${user.secret}` },
    });
    const before = await dumpDatabase();

    const res = await preview("/desk/articles/new/preview", FORM);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(articleMarkup(html)).toBe(articleMarkup(publicHtml));
    expect(headMetadata(publicHtml).length).toBeGreaterThan(10);
    expect(headMetadata(html)).toEqual(headMetadata(publicHtml));
    expect(html).toContain('data-preview-banner=""');
    expect(html).toContain('<meta name="robots" content="noindex, nofollow"/>');
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    expect(await dumpDatabase()).toBe(before);
  });

  it("shows an existing article with the editor's unsaved edit and leaves the stored one alone", async () => {
    const article = await draft();
    const res = await preview(`/desk/articles/${article.id}/preview`, {
      ...FORM,
      version: "1",
      title: "尚未保存的新标题",
    });
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain("<h1>尚未保存的新标题</h1>");
    const stored = await (await getPage(`/desk/articles/${article.id}/edit`, user.cookie)).text();
    expect(stored).toContain(`value="${FORM.title}"`);
  });

  it("sends invalid input back to the editor with the error beside its field", async () => {
    const res = await preview("/desk/articles/new/preview", { ...FORM, "image[url]": "javascript:alert(1)" });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toMatch(/data-field="image\[url\]"/);
    expect(html).toContain(`value="${FORM.title}"`);
  });

  it("refuses a preview without the form token", async () => {
    const res = await postForm("/desk/articles/new/preview", FORM, { cookie: user.cookie });
    expect(res.status).toBe(403);
  });
});

describe("signed preview links", () => {
  it("show a draft to someone without a session, private and unindexed", async () => {
    const article = await draft();
    const path = await linkFor(article.id, 1);
    const res = await request(path);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`<h1>${FORM.title}</h1>`);
    expect(html).toContain('data-preview-banner=""');
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    expect(res.headers.get("x-robots-tag")).toContain("noindex");
    expect(html).toContain('<meta name="robots" content="noindex, nofollow"/>');
  });

  it("answer a wrong, expired or out-of-date link with the draft's own 404, byte for byte", async () => {
    const article = await draft();
    const good = await linkFor(article.id, 1);
    const expected = await draftNotFoundBody();
    const secret = env.PREVIEW_SECRET ?? "";
    const expired = { articleId: article.id, version: 1, expiresAt: Math.floor(Date.now() / 1000) - 1 };
    const url = new URL(good, ORIGIN);
    const sig = url.searchParams.get("sig") ?? "";
    const wrongSig = `${sig.slice(0, -1)}${sig.endsWith("A") ? "B" : "A"}`;
    const refused = [
      previewPath(expired, await signPreview(secret, expired)),
      good.replace(`sig=${sig}`, `sig=${wrongSig}`),
      good.replace("v=1", "v=2"),
      good.replace(/exp=(\d+)/, (_, exp) => `exp=${Number(exp) + 60}`),
      `/preview/${article.id}`,
    ];
    for (const path of refused) {
      const res = await request(path);
      expect(res.status, path).toBe(404);
      expect(await res.text(), path).toBe(expected);
      expect(res.headers.get("cache-control"), path).toBe("private, no-store");
    }
  });

  it("stop working once the article is saved again, even right after a hit (nothing is cached)", async () => {
    const article = await draft();
    const path = await linkFor(article.id, 1);
    const first = await request(path);
    expect(first.status).toBe(200);
    const key = new Request(new URL(path, ORIGIN));
    expect(await caches.default.match(key)).toBeUndefined();
    // Prime the edge cache with the old answer as if something had stored it: the route must not serve it.
    await caches.default.put(
      key,
      new Response(await first.text(), { headers: { "cache-control": "max-age=600" } }),
    );
    const read = await request(`/api/v1/articles/${article.id}`, {
      headers: { authorization: `Bearer ${user.secret}` },
    });
    const patched = await patchArticle(user.secret, article.id, read.headers.get("etag") ?? "", {
      title: "改过的标题",
    });
    expect(patched.status, await patched.clone().text()).toBe(200);
    const res = await request(path);
    expect(res.status).toBe(404);
    expect(await res.text()).toBe(await draftNotFoundBody());
  });

  it("are refused, and the desk says previews are not configured, without PREVIEW_SECRET", async () => {
    const article = await draft();
    const path = await linkFor(article.id, 1);
    const app = createApp();
    const call = async (req: Request) => {
      const ctx = createExecutionContext();
      const res = await app.fetch(req, { ...env, PREVIEW_SECRET: undefined }, ctx);
      await waitOnExecutionContext(ctx);
      return res;
    };
    const res = await call(new Request(new URL(path, ORIGIN)));
    expect(res.status).toBe(404);
    const page = await call(
      new Request(new URL(`/desk/articles/${article.id}/preview-link`, ORIGIN), {
        method: "POST",
        headers: { origin: ORIGIN, cookie: user.cookie, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ _csrf: user.csrf, version: "1", days: "7" }),
      }),
    );
    expect(await page.text()).toContain("PREVIEW_SECRET");
  });

  it("are offered for drafts, not for published articles", async () => {
    const hidden = await draft();
    const live = await createArticle(user.secret, { ...JSON_ARTICLE, slug: "live-one" });
    const draftPage = await (await getPage(`/desk/articles/${hidden.id}/edit`, user.cookie)).text();
    const livePage = await (await getPage(`/desk/articles/${live.id}/edit`, user.cookie)).text();
    expect(draftPage).toContain(`action="/desk/articles/${hidden.id}/preview-link"`);
    expect(livePage).not.toContain("/preview-link");
    expect(draftPage).toContain(`formaction="/desk/articles/${hidden.id}/preview"`);
  });
});
