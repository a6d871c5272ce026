import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import worker from "../../src/index";
import { formatRfc3339 } from "../../src/lib/time";
import { dumpDatabase, resetDatabase } from "./support/database";
import { type DeskUser, getPage, postForm, resetDesk, signIn } from "./support/desk-kit";
import { FORM, JSON_ARTICLE } from "./support/desk-publish-kit";
import { type ApiArticle, createArticle, jsonRequest, request } from "./support/helpers";

let user: DeskUser;

beforeEach(async () => {
  await resetDesk();
  await resetDatabase();
  user = await signIn();
});

const lifecycle = (who: DeskUser, id: number, action: string, version: number) =>
  postForm(
    `/desk/articles/${id}/lifecycle`,
    { _csrf: who.csrf, version: String(version), action },
    { cookie: who.cookie },
  );

async function editorView(id: number): Promise<ApiArticle> {
  const res = await jsonRequest("GET", `/api/v1/articles/${id}`, user.secret, undefined);
  return (await res.json()) as ApiArticle;
}

/** What an action changes, minus identity and clocks: must match between the desk and the API. */
const outcome = (a: ApiArticle) => ({
  status: a.status,
  publishedAt: a.publishedAt,
  version: a.version,
  deleted: a.deletedAt !== null,
});

async function publicTraces(article: { slug: string; title: string }) {
  const page = await request(`/articles/${article.slug}`);
  const feeds = await Promise.all(
    ["/feed.xml", "/atom.xml", "/feed.json"].map(async (p) => (await request(p)).text()),
  );
  return { page: page.status, inFeeds: feeds.filter((f) => f.includes(article.title)).length };
}

describe("lifecycle buttons", () => {
  it("unpublish a published article exactly like PATCH status=draft, and it vanishes from page and feeds", async () => {
    const viaDesk = await createArticle(user.secret, JSON_ARTICLE);
    const viaApi = await createArticle(user.secret, { ...JSON_ARTICLE, slug: "api-twin", title: "孪生稿件" });
    expect(await publicTraces(viaDesk)).toEqual({ page: 200, inFeeds: 3 });

    const res = await lifecycle(user, viaDesk.id, "unpublish", 1);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/desk/articles/${viaDesk.id}/edit?done=unpublish`);
    const etag = (
      await request(`/api/v1/articles/${viaApi.id}`, { headers: { authorization: `Bearer ${user.secret}` } })
    ).headers.get("etag");
    await jsonRequest(
      "PATCH",
      `/api/v1/articles/${viaApi.id}`,
      user.secret,
      { status: "draft" },
      { "if-match": etag },
    );

    expect(outcome(await editorView(viaDesk.id))).toEqual(outcome(await editorView(viaApi.id)));
    expect((await editorView(viaDesk.id)).status).toBe("draft");
    expect(await publicTraces(viaDesk)).toEqual({ page: 404, inFeeds: 0 });
    const page = await (await getPage(res.headers.get("location") ?? "", user.cookie)).text();
    expect(page).toContain("已撤回");
  });

  it("delete and restore like DELETE and POST …/restore", async () => {
    const article = await createArticle(user.secret, JSON_ARTICLE);
    expect((await lifecycle(user, article.id, "delete", 1)).status).toBe(303);
    expect(await publicTraces(article)).toEqual({ page: 410, inFeeds: 0 });
    const deletedPage = await (await getPage(`/desk/articles/${article.id}/edit`, user.cookie)).text();
    expect(deletedPage).toContain('value="restore"');
    expect(deletedPage).not.toContain('value="delete"');
    expect(deletedPage).not.toContain('value="unpublish"');

    expect((await lifecycle(user, article.id, "restore", 2)).status).toBe(303);
    expect(await publicTraces(article)).toEqual({ page: 200, inFeeds: 3 });

    const twin = await createArticle(user.secret, { ...JSON_ARTICLE, slug: "twin", title: "孪生" });
    await jsonRequest("DELETE", `/api/v1/articles/${twin.id}`, user.secret, undefined);
    await jsonRequest("POST", `/api/v1/articles/${twin.id}/restore`, user.secret, undefined);
    expect(outcome(await editorView(article.id))).toEqual(outcome(await editorView(twin.id)));
  });

  it("schedule through the editor; the cron publishes it when its time comes", async () => {
    const due = Math.floor((Date.now() + 120_000) / 1000) * 1000;
    const [date, time] = formatRfc3339(due, 480).slice(0, 19).split("T");
    const res = await postForm(
      "/desk/articles",
      {
        ...FORM,
        "publishedAt[date]": date ?? "",
        "publishedAt[time]": time ?? "",
        status: "scheduled",
        _csrf: user.csrf,
      },
      { cookie: user.cookie },
    );
    expect(res.status).toBe(303);
    const id = Number(/articles\/(\d+)\/edit/.exec(res.headers.get("location") ?? "")?.[1]);
    expect((await editorView(id)).status).toBe("scheduled");
    expect((await publicTraces({ slug: FORM.slug ?? "", title: FORM.title ?? "" })).page).toBe(404);
    const ctx = createExecutionContext();
    await worker.scheduled(
      createScheduledController({ scheduledTime: due + 1000, cron: "* * * * *" }),
      env,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect((await editorView(id)).status).toBe("published");
  });

  it("answer a button on a stale version with the conflict notice, changing nothing", async () => {
    const article = await createArticle(user.secret, JSON_ARTICLE);
    await lifecycle(user, article.id, "unpublish", 1);
    const before = await dumpDatabase();
    const res = await lifecycle(user, article.id, "delete", 1);
    expect(res.status).toBe(409);
    expect(await dumpDatabase()).toBe(before);
  });
});

describe("a token without articles:publish", () => {
  it("sees no publish, schedule or unpublish button, and a forged form changes nothing", async () => {
    const writer = await signIn(["drafts:read", "articles:write"]);
    const live = await createArticle(user.secret, JSON_ARTICLE);
    const hidden = await createArticle(user.secret, { ...JSON_ARTICLE, slug: "a-draft", status: "draft" });

    const livePage = await (await getPage(`/desk/articles/${live.id}/edit`, writer.cookie)).text();
    const draftPage = await (await getPage(`/desk/articles/${hidden.id}/edit`, writer.cookie)).text();
    for (const page of [livePage, draftPage]) {
      expect(page).not.toContain('value="published"');
      expect(page).not.toContain('value="scheduled"');
      expect(page).not.toContain('value="unpublish"');
    }
    expect(livePage).not.toContain('value="delete"');
    expect(draftPage).toContain('value="delete"');

    const before = await dumpDatabase();
    for (const action of ["unpublish", "delete"]) {
      const res = await lifecycle(writer, live.id, action, 1);
      expect(res.status, action).toBe(403);
      expect(await res.text()).toContain("你的令牌无权执行此操作");
    }
    expect(await dumpDatabase()).toBe(before);
    expect((await lifecycle(writer, hidden.id, "delete", 1)).status).toBe(303);
  });
});

describe("after a save", () => {
  it("lists what the sanitizer changed in the body", async () => {
    const res = await postForm(
      "/desk/articles",
      {
        ...FORM,
        bodyFormat: "html",
        body: '<p onclick="steal()">正文</p><script>alert(1)</script><p>第二段</p>',
        status: "draft",
        _csrf: user.csrf,
      },
      { cookie: user.cookie },
    );
    expect(res.status).toBe(200);
    const html = await res.text();
    const list = /<ul class="sanitizer-changes">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? "";
    expect(list).toContain("删除了 &lt;script&gt; 及其内容");
    expect(list).toContain("删除了 &lt;p&gt; 的 onclick 属性");
    expect(html).toContain('name="version" value="1"');
  });

  it("redirects as before when the sanitizer changed nothing", async () => {
    const res = await postForm(
      "/desk/articles",
      { ...FORM, status: "draft", _csrf: user.csrf },
      { cookie: user.cookie },
    );
    expect(res.status).toBe(303);
  });
});
