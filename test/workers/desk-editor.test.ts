import { beforeEach, describe, expect, it } from "vitest";
import { dumpDatabase, resetDatabase } from "./support/database";
import {
  controlValue,
  csrfFrom,
  type DeskUser,
  getPage,
  postForm,
  resetDesk,
  signIn,
} from "./support/desk-kit";
import { type ApiArticle, createArticle, jsonRequest } from "./support/helpers";

// A reference-shaped Chinese news article (our own text): breadcrumb, title and subtitle, Beijing
// time, source, authors with job titles, lead image with caption and credit, subheadings,
// print-edition line and responsible editor.
const BODY = [
  "青湖市首批六条夜间公交线路于11月28日晚开通，末班车延至次日凌晨一点。",
  "",
  "## 线路覆盖主要居民区",
  "",
  "新线路连接城东、城西三十余个小区和两家三甲医院。",
  "",
  "## 票价与换乘",
  "",
  "夜间公交实行一元票价，可与地铁末班车换乘。",
].join("\n");

const REFERENCE_FORM: Record<string, string> = {
  section: "要闻 › 地方",
  title: "江南小城试行夜间公交 市民出行更便利",
  subtitle: "首批开通六条线路，覆盖主要居民区和医院",
  summary: "青湖市开通六条夜间公交线路，方便夜班职工和就医市民出行。",
  language: "zh-CN",
  slug: "qinghu-night-bus",
  tags: "公共交通，夜间经济, 民生",
  "authors[0][name]": "陈晓",
  "authors[0][title]": "本报记者",
  "authors[0][url]": "",
  "authors[1][name]": "周立",
  "authors[1][title]": "青湖市交通运输局局长",
  "authors[1][url]": "",
  "authors[2][name]": "",
  "authors[2][title]": "",
  "authors[2][url]": "",
  "editors[0][name]": "刘洋",
  "editors[1][name]": "",
  "source[name]": "青湖日报",
  "source[url]": "https://qinghu.example.com/",
  "image[url]": "https://img.example.com/night-bus.jpg",
  "image[caption]": "11月28日晚，乘客在青湖站登上夜间公交。",
  "image[credit]": "本报记者 陈晓 摄",
  "image[alt]": "夜间公交站台上排队上车的乘客",
  "printEdition[publication]": "青湖日报",
  "printEdition[date]": "2026-11-30",
  "printEdition[page]": "04",
  "printEdition[section]": "要闻",
  "publishedAt[date]": "2026-11-30",
  "publishedAt[time]": "09:50:37",
  "publishedAt[offset]": "+08:00",
  bodyFormat: "markdown",
  body: BODY,
};

const REFERENCE_JSON = {
  section: ["要闻", "地方"],
  title: REFERENCE_FORM.title,
  subtitle: REFERENCE_FORM.subtitle,
  summary: REFERENCE_FORM.summary,
  language: "zh-CN",
  tags: ["公共交通", "夜间经济", "民生"],
  authors: [
    { name: "陈晓", title: "本报记者" },
    { name: "周立", title: "青湖市交通运输局局长" },
  ],
  editors: [{ name: "刘洋" }],
  source: { name: "青湖日报", url: "https://qinghu.example.com/" },
  image: {
    url: "https://img.example.com/night-bus.jpg",
    caption: "11月28日晚，乘客在青湖站登上夜间公交。",
    credit: "本报记者 陈晓 摄",
    alt: "夜间公交站台上排队上车的乘客",
  },
  printEdition: { publication: "青湖日报", date: "2026-11-30", page: "04", section: "要闻" },
  publishedAt: "2026-11-30T09:50:37+08:00",
  bodyFormat: "markdown",
  body: BODY,
  status: "published",
};

const CONTENT_FIELDS = [...Object.keys(REFERENCE_JSON), "bodyHtml", "bodyText"] as (keyof ApiArticle)[];

let user: DeskUser;

beforeEach(async () => {
  await resetDesk();
  await resetDatabase();
  user = await signIn();
});

async function readApi(id: number): Promise<ApiArticle> {
  const res = await jsonRequest("GET", `/api/v1/articles/${id}`, user.secret, undefined);
  expect(res.status).toBe(200);
  return (await res.json()) as ApiArticle;
}

const pick = (article: ApiArticle) => Object.fromEntries(CONTENT_FIELDS.map((k) => [k, article[k]]));

async function createThroughDesk(fields: Record<string, string>) {
  const res = await postForm("/desk/articles", { ...fields, _csrf: user.csrf }, { cookie: user.cookie });
  expect(res.status, await res.clone().text()).toBe(303);
  const id = Number(/\/desk\/articles\/(\d+)\/edit\?saved=1$/.exec(res.headers.get("location") ?? "")?.[1]);
  expect(id).toBeGreaterThan(0);
  return id;
}

describe("the editor form", () => {
  it("creates the reference article with every field, identical to the same article sent to the API", async () => {
    const id = await createThroughDesk({ ...REFERENCE_FORM, status: "published" });
    const viaDesk = await readApi(id);
    const viaApi = await readApi(
      (await createArticle(user.secret, { ...REFERENCE_JSON, slug: "api-twin" })).id,
    );
    expect(pick(viaDesk)).toEqual(pick(viaApi));
    expect(viaDesk).toMatchObject({ ...REFERENCE_JSON, slug: "qinghu-night-bus" });
    expect(viaDesk.bodyHtml).toContain("<h2");
  });

  it("reopens a saved article with every value in its control, Beijing time labelled", async () => {
    const id = await createThroughDesk({ ...REFERENCE_FORM, status: "draft" });
    const html = await (await getPage(`/desk/articles/${id}/edit?saved=1`, user.cookie)).text();
    for (const name of Object.keys(REFERENCE_FORM)) {
      const expected =
        name === "section"
          ? "要闻 › 地方"
          : name === "tags"
            ? "公共交通，夜间经济，民生"
            : REFERENCE_FORM[name];
      expect(controlValue(html, name) ?? "", name).toBe(expected);
    }
    expect(html).toContain("北京时间");
    expect(html).toContain('name="version" value="1"');
    expect(html).toMatch(/role="status">[^<]*已保存/);
  });

  it("shows a validation error beside the field its pointer names and keeps everything typed", async () => {
    const before = await dumpDatabase();
    const fields = {
      ...REFERENCE_FORM,
      "authors[1][name]": "",
      "image[url]": "javascript:alert(1)",
      status: "draft",
      _csrf: user.csrf,
    };
    const res = await postForm("/desk/articles", fields, { cookie: user.cookie });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toMatch(
      /name="authors\[1\]\[name\]"[^>]*aria-invalid="true"[\s\S]{0,400}data-field="authors\[1\]\[name\]"/,
    );
    expect(html).toMatch(
      /name="image\[url\]"[\s\S]{0,400}data-field="image\[url\]">must be an absolute http/,
    );
    expect(controlValue(html, "authors[1][title]")).toBe("青湖市交通运输局局长");
    expect(controlValue(html, "image[url]")).toBe("javascript:alert(1)");
    expect(controlValue(html, "body")).toBe(BODY);
    expect(controlValue(html, "subtitle")).toBe(REFERENCE_FORM.subtitle);
    expect(await dumpDatabase()).toBe(before);
  });

  it("adds an empty author row without saving", async () => {
    const before = await dumpDatabase();
    const res = await postForm(
      "/desk/articles",
      { ...REFERENCE_FORM, _add: "authors", _csrf: user.csrf },
      { cookie: user.cookie },
    );
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(controlValue(html, "authors[3][name]")).toBe("");
    expect(controlValue(html, "authors[1][name]")).toBe("周立");
    expect(await dumpDatabase()).toBe(before);
  });

  it("saves an edit against the version it was opened at, and refuses a stale one keeping the text", async () => {
    const id = await createThroughDesk({ ...REFERENCE_FORM, status: "draft" });
    const page = await (await getPage(`/desk/articles/${id}/edit`, user.cookie)).text();
    const opened = { ...REFERENCE_FORM, version: "1", _csrf: csrfFrom(page), status: "draft" };
    const first = await postForm(
      `/desk/articles/${id}`,
      { ...opened, title: "第一版修改" },
      { cookie: user.cookie },
    );
    expect(first.status).toBe(303);
    expect((await readApi(id)).version).toBe(2);
    const stale = await postForm(
      `/desk/articles/${id}`,
      { ...opened, title: "另一位编辑的修改" },
      { cookie: user.cookie },
    );
    expect(stale.status).toBe(409);
    const html = await stale.text();
    expect(controlValue(html, "title")).toBe("另一位编辑的修改");
    expect(html).toContain("已有他人修改");
    const current = await readApi(id);
    expect(current.title).toBe("第一版修改");
    expect(current.version).toBe(2);
  });
});

describe("publishing needs articles:publish", () => {
  it("shows no publish or schedule button and refuses a forged publish", async () => {
    const writer = await signIn(["drafts:read", "articles:write"]);
    const form = await (await getPage("/desk/articles/new", writer.cookie)).text();
    expect(form).toContain('value="draft"');
    expect(form).not.toMatch(/name="status" value="(published|scheduled)"/);
    const withPublisher = await (await getPage("/desk/articles/new", user.cookie)).text();
    expect(withPublisher).toMatch(/name="status" value="published"/);

    const before = await dumpDatabase();
    for (const status of ["published", "scheduled"]) {
      const res = await postForm(
        "/desk/articles",
        { ...REFERENCE_FORM, status, _csrf: writer.csrf },
        { cookie: writer.cookie },
      );
      expect(res.status).toBe(403);
      expect(controlValue(await res.text(), "title")).toBe(REFERENCE_FORM.title);
    }
    expect(await dumpDatabase()).toBe(before);

    const draftId = await createThroughDesk({ ...REFERENCE_FORM, status: "draft" });
    const forged = await postForm(
      `/desk/articles/${draftId}`,
      { ...REFERENCE_FORM, status: "published", version: "1", _csrf: writer.csrf },
      { cookie: writer.cookie },
    );
    expect(forged.status).toBe(403);
    expect((await readApi(draftId)).status).toBe("draft");
  });
});
