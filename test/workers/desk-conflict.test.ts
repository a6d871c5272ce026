import { beforeEach, describe, expect, it } from "vitest";
import { dumpDatabase, resetDatabase } from "./support/database";
import { createStory, formValues, openEditor, STORY, signInAs } from "./support/desk-history-kit";
import { type DeskUser, postForm, resetDesk } from "./support/desk-kit";
import { type ApiArticle, jsonRequest } from "./support/helpers";

let alice: DeskUser;
let bob: DeskUser;

beforeEach(async () => {
  await resetDesk();
  await resetDatabase();
  alice = await signInAs("编辑甲");
  bob = await signInAs("编辑乙");
});

async function readApi(id: number): Promise<ApiArticle> {
  const res = await jsonRequest("GET", `/api/v1/articles/${id}`, alice.secret, undefined);
  return (await res.json()) as ApiArticle;
}

const ALICE_BODY = STORY.body?.replace("预计明年五月完工", "预计明年四月底完工") ?? "";
const BOB_BODY = STORY.body?.replace("市民可提前预约参观", "市民可在公众号预约参观") ?? "";

/** Both open version 1; Alice saves first, then Bob's save lands on the conflict page. */
async function clash(id: number) {
  const aliceForm = await openEditor(alice, id);
  const bobForm = await openEditor(bob, id);
  const saved = await postForm(
    `/desk/articles/${id}`,
    {
      ...aliceForm,
      title: "湿地公园扩建工程今日开工",
      tags: "生态，城市建设，公园",
      body: ALICE_BODY,
      status: "draft",
    },
    { cookie: alice.cookie },
  );
  expect(saved.status).toBe(303);
  const res = await postForm(
    `/desk/articles/${id}`,
    {
      ...bobForm,
      title: "青湖湿地公园扩建开工",
      subtitle: "新增步道八公里、观鸟台两座",
      body: BOB_BODY,
      status: "draft",
    },
    { cookie: bob.cookie },
  );
  return res;
}

describe("the conflict page", () => {
  it("shows both sides of every field that differs, notes who changed what, and keeps all Bob typed", async () => {
    const id = await createStory(alice);
    const res = await clash(id);
    expect(res.status).toBe(409);
    const html = await res.text();
    const shown = [...html.matchAll(/<fieldset class="compare" id="compare-(\w+)"/g)].map((m) => m[1]);
    expect(shown.sort()).toEqual(["body", "subtitle", "tags", "title"]);
    // Both titles, both body edits, at the same time on one page.
    const text = html.replace(/<[^>]+>/g, "");
    for (const typed of ["湿地公园扩建工程今日开工", "青湖湿地公园扩建开工", "四月底完工", "在公众号预约"]) {
      expect(text).toContain(typed);
    }
    // Character-level marks inside the body: only the changed characters are marked.
    expect(html).toContain('预计明年<ins class="diff-right">四</ins>月<ins class="diff-right">底</ins>完工');
    expect(html).toContain('市民可<del class="diff-left">在公众号</del>预约参观');
    expect(html).toContain("编辑甲");
    expect(html).toMatch(/对方在你的版本之后修改了：[^<]*标题/);
    expect(html).toMatch(/id="compare-title"[\s\S]*?双方都修改/);
    const form = formValues(html, `/desk/articles/${id}/resolve`);
    expect(form.version).toBe("2");
    expect(form.title).toBe("青湖湿地公园扩建开工");
    expect(form.body).toBe(BOB_BODY);
    expect(form["authors[0][name]"]).toBe("陈晓");
    // Defaults: a field only Alice touched is taken from her, the rest stays Bob's.
    expect(form["_pick[tags]"]).toBe("theirs");
    expect(form["_pick[title]"]).toBe("mine");
    expect(form["_pick[subtitle]"]).toBe("mine");
    expect((await readApi(id)).title).toBe("湿地公园扩建工程今日开工");
  });

  it("saves Bob's choices field by field against Alice's version", async () => {
    const id = await createStory(alice);
    const html = await (await clash(id)).text();
    const form = formValues(html, `/desk/articles/${id}/resolve`);
    const res = await postForm(
      `/desk/articles/${id}/resolve`,
      { ...form, "_pick[title]": "theirs", "_pick[body]": "mine", status: "draft" },
      { cookie: bob.cookie },
    );
    expect(res.status, await res.clone().text()).toBe(303);
    const final = await readApi(id);
    expect(final.version).toBe(3);
    expect(final.title).toBe("湿地公园扩建工程今日开工");
    expect(final.tags).toEqual(["生态", "城市建设", "公园"]);
    expect(final.subtitle).toBe("新增步道八公里、观鸟台两座");
    expect(final.body).toBe(BOB_BODY);
    expect(final.authors).toEqual([{ name: "陈晓", title: "本报记者" }]);
  });

  it("goes another round when a third save came in meanwhile, still carrying Bob's text", async () => {
    const id = await createStory(alice);
    const form = formValues(await (await clash(id)).text(), `/desk/articles/${id}/resolve`);
    const again = await openEditor(alice, id);
    await postForm(
      `/desk/articles/${id}`,
      { ...again, summary: "第三次保存", status: "draft" },
      { cookie: alice.cookie },
    );
    const res = await postForm(
      `/desk/articles/${id}/resolve`,
      { ...form, status: "draft" },
      { cookie: bob.cookie },
    );
    expect(res.status).toBe(409);
    const next = formValues(await res.text(), `/desk/articles/${id}/resolve`);
    expect(next.version).toBe("3");
    expect(next.subtitle).toBe("新增步道八公里、观鸟台两座");
    expect(next.body).toBe(BOB_BODY);
    expect((await readApi(id)).version).toBe(3);
  });

  it("refuses a resolve without the form token and changes nothing", async () => {
    const id = await createStory(alice);
    const form = formValues(await (await clash(id)).text(), `/desk/articles/${id}/resolve`);
    const before = await dumpDatabase();
    const { _csrf, ...forged } = form;
    const noToken = await postForm(
      `/desk/articles/${id}/resolve`,
      { ...forged, status: "draft" },
      { cookie: bob.cookie },
    );
    expect(noToken.status).toBe(403);
    const crossSite = await postForm(
      `/desk/articles/${id}/resolve`,
      { ...form, status: "draft" },
      {
        cookie: bob.cookie,
        origin: "https://evil.example",
      },
    );
    expect(crossSite.status).toBe(403);
    expect(await dumpDatabase()).toBe(before);
  });

  it("shows a public article's conflict to a token without drafts:read, but nothing of a draft", async () => {
    const publicId = await createStory(alice);
    const open = await openEditor(alice, publicId);
    await postForm(`/desk/articles/${publicId}`, { ...open, status: "published" }, { cookie: alice.cookie });
    const draftId = await createStory(alice, { ...STORY, title: "尚未发布的草稿标题" });
    const writer = await signInAs("外稿编辑", ["articles:write", "articles:publish"]);
    // Both forms claim a version older than the article's (the public one is at 2, the draft at 1).
    const stale = (id: number, version: string) =>
      postForm(
        `/desk/articles/${id}`,
        { ...STORY, title: "猜测的标题", version, status: "draft", _csrf: writer.csrf },
        { cookie: writer.cookie },
      );
    const seen = await (await stale(publicId, "1")).text();
    expect(seen).toContain(`action="/desk/articles/${publicId}/resolve"`);
    expect(seen).toMatch(/id="compare-title"/);
    const hidden = await stale(draftId, "0");
    expect(hidden.status).toBe(409);
    const html = await hidden.text();
    expect(html).not.toContain("尚未发布的草稿标题");
    expect(html).not.toContain(`action="/desk/articles/${draftId}/resolve"`);
    const resolve = await postForm(
      `/desk/articles/${draftId}/resolve`,
      { version: "1", "_pick[title]": "theirs", status: "draft", _csrf: writer.csrf },
      { cookie: writer.cookie },
    );
    expect(resolve.status).toBe(404);
    expect(await resolve.text()).not.toContain("尚未发布的草稿标题");
  });
});
