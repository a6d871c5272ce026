import { beforeEach, describe, expect, it } from "vitest";
import { dumpDatabase, resetDatabase } from "./support/database";
import { createStory, openEditor, STORY, signInAs } from "./support/desk-history-kit";
import { type DeskUser, getPage, postForm, resetDesk } from "./support/desk-kit";
import { type ApiArticle, jsonRequest } from "./support/helpers";

let alice: DeskUser;
let bob: DeskUser;
let id: number;

const V2_TITLE = "青湖湿地公园扩建工程今日开工";
const V3_BODY = STORY.body?.replace("预计明年五月完工", "预计明年四月底完工") ?? "";

beforeEach(async () => {
  await resetDesk();
  await resetDatabase();
  alice = await signInAs("编辑甲");
  bob = await signInAs("编辑乙");
  id = await createStory(alice);
  const v1 = await openEditor(alice, id);
  expect(
    (
      await postForm(
        `/desk/articles/${id}`,
        { ...v1, title: V2_TITLE, status: "draft" },
        { cookie: alice.cookie },
      )
    ).status,
  ).toBe(303);
  const v2 = await openEditor(bob, id);
  const v3 = { ...v2, body: V3_BODY, tags: "生态，公园", status: "draft" };
  expect((await postForm(`/desk/articles/${id}`, v3, { cookie: bob.cookie })).status).toBe(303);
});

async function readApi(): Promise<ApiArticle> {
  return (await (
    await jsonRequest("GET", `/api/v1/articles/${id}`, alice.secret, undefined)
  ).json()) as ApiArticle;
}

const rowOf = (html: string, version: number) =>
  new RegExp(`<tr data-version="${version}">([\\s\\S]*?)</tr>`).exec(html)?.[1]?.replace(/<[^>]+>/g, " ") ??
  "";

describe("the revisions page", () => {
  it("lists every version with who, when and which fields changed", async () => {
    const res = await getPage(`/desk/articles/${id}/revisions`, alice.cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    const html = await res.text();
    expect([...html.matchAll(/<tr data-version="(\d+)">/g)].map((m) => m[1])).toEqual(["3", "2", "1"]);
    expect(rowOf(html, 1)).toMatch(/1 · 创建[\s\S]*编辑甲[\s\S]*\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    expect(rowOf(html, 2)).toMatch(/编辑甲[\s\S]*标题/);
    expect(rowOf(html, 2)).not.toContain("正文");
    expect(rowOf(html, 3)).toMatch(/编辑乙[\s\S]*标签、正文/);
    expect(rowOf(html, 3)).toContain("当前");
    // The current version has nothing to restore; older ones do.
    expect(html).not.toContain(`/revisions/3/restore`);
    expect(html).toContain(`action="/desk/articles/${id}/revisions/1/restore"`);
  });

  it("diffs any two versions field by field, the body by character", async () => {
    const html = await (await getPage(`/desk/articles/${id}/revisions?from=1&to=3`, alice.cookie)).text();
    const shown = [...html.matchAll(/<fieldset class="compare" id="compare-(\w+)"/g)].map((m) => m[1]);
    expect(shown).toEqual(["title", "tags", "body"]);
    expect(html).toContain('预计明年<del class="diff-left">五</del>月完工');
    expect(html).toContain('预计明年<ins class="diff-right">四</ins>月<ins class="diff-right">底</ins>完工');
    expect(html).toMatch(/<option value="1" selected/);
    expect(html).toMatch(/<option value="3" selected/);
    const same = await (await getPage(`/desk/articles/${id}/revisions?from=2&to=2`, alice.cookie)).text();
    expect(same).toContain("这两个版本的字段没有差异");
  });

  it("restores version 1 as a new version 4 with version 1's content", async () => {
    const page = await (await getPage(`/desk/articles/${id}/revisions`, bob.cookie)).text();
    const csrf = /name="_csrf" value="([0-9a-f]{64})"/.exec(page)?.[1] ?? "";
    const res = await postForm(
      `/desk/articles/${id}/revisions/1/restore`,
      { version: "3", _csrf: csrf },
      { cookie: bob.cookie },
    );
    expect(res.status, await res.clone().text()).toBe(303);
    const restored = await readApi();
    expect(restored.version).toBe(4);
    const v1 = (await (
      await jsonRequest("GET", `/api/v1/articles/${id}/revisions/1`, alice.secret, undefined)
    ).json()) as {
      article: ApiArticle;
    };
    const content = (a: ApiArticle) => {
      const { version, updatedAt, updatedBy, ...rest } = a as ApiArticle & { updatedBy?: string };
      return rest;
    };
    expect(content(restored)).toEqual(content(v1.article));
    // History is not rewritten: all four versions are still there.
    const list = await (await getPage(`/desk/articles/${id}/revisions`, bob.cookie)).text();
    expect([...list.matchAll(/<tr data-version="(\d+)">/g)].map((m) => m[1])).toEqual(["4", "3", "2", "1"]);
    expect(rowOf(list, 4)).toMatch(/编辑乙[\s\S]*标题、标签、正文/);
  });

  it("refuses a restore with a wrong form token, from another origin or without write scope", async () => {
    const reader = await signInAs("只读", ["drafts:read"]);
    const before = await dumpDatabase();
    const path = `/desk/articles/${id}/revisions/1/restore`;
    expect(
      (await postForm(path, { version: "3", _csrf: "0".repeat(64) }, { cookie: bob.cookie })).status,
    ).toBe(403);
    expect((await postForm(path, { version: "3" }, { cookie: bob.cookie })).status).toBe(403);
    const crossSite = await postForm(
      path,
      { version: "3", _csrf: bob.csrf },
      { cookie: bob.cookie, origin: "https://evil.example" },
    );
    expect(crossSite.status).toBe(403);
    const page = await (await getPage(`/desk/articles/${id}/revisions`, reader.cookie)).text();
    expect(page).not.toContain("/restore");
    expect(
      (await postForm(path, { version: "3", _csrf: reader.csrf }, { cookie: reader.cookie })).status,
    ).toBe(403);
    expect(await dumpDatabase()).toBe(before);
  });

  it("restoring a published version's status needs articles:publish", async () => {
    const publisher = await openEditor(alice, id);
    expect(
      (
        await postForm(
          `/desk/articles/${id}`,
          { ...publisher, status: "published" },
          { cookie: alice.cookie },
        )
      ).status,
    ).toBe(303);
    const v5 = await openEditor(alice, id);
    expect(
      (await postForm(`/desk/articles/${id}`, { ...v5, status: "draft" }, { cookie: alice.cookie })).status,
    ).toBe(303);
    const writer = await signInAs("写稿", ["drafts:read", "articles:write"]);
    const page = await (await getPage(`/desk/articles/${id}/revisions`, writer.cookie)).text();
    expect(page).not.toContain(`/revisions/4/restore`);
    expect(page).toContain(`/revisions/3/restore`);
    const before = await dumpDatabase();
    const forged = await postForm(
      `/desk/articles/${id}/revisions/4/restore`,
      { version: "5", _csrf: writer.csrf },
      { cookie: writer.cookie },
    );
    expect(forged.status).toBe(403);
    expect(await dumpDatabase()).toBe(before);
    expect((await readApi()).status).toBe("draft");
  });

  it("shows no revisions of a draft to a token without drafts:read", async () => {
    const writer = await signInAs("外稿", ["articles:write", "articles:publish"]);
    expect((await getPage(`/desk/articles/${id}/revisions?from=1&to=3`, alice.cookie)).status).toBe(200);
    const res = await getPage(`/desk/articles/${id}/revisions?from=1&to=3`, writer.cookie);
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).not.toContain(STORY.title);
    expect(html).not.toContain(V2_TITLE);
    const before = await dumpDatabase();
    const restore = await postForm(
      `/desk/articles/${id}/revisions/1/restore`,
      { version: "3", _csrf: writer.csrf },
      { cookie: writer.cookie },
    );
    expect(restore.status).toBe(404);
    expect(await dumpDatabase()).toBe(before);
  });

  it("a restore from a stale page lands on the conflict page with the old version's text", async () => {
    const res = await postForm(
      `/desk/articles/${id}/revisions/1/restore`,
      { version: "2", _csrf: bob.csrf },
      { cookie: bob.cookie },
    );
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain(`action="/desk/articles/${id}/resolve"`);
    expect(html).toContain(`name="title" value="${STORY.title}"`);
    expect((await readApi()).version).toBe(3);
  });
});
