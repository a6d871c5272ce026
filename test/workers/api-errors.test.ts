import { describe, expect, it } from "vitest";
import { chineseArticle } from "../fixtures/articles";
import { dumpDatabase } from "./support/database";
import { createArticle, jsonRequest, mintToken, request } from "./support/helpers";

interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: { pointer: string; detail: string }[];
}

async function expectProblem(res: Response, status: number, pointer?: string): Promise<Problem> {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  const body = (await res.json()) as Problem;
  expect(body.status).toBe(status);
  expect(body.title).toBeTruthy();
  if (pointer) expect(body.errors?.map((e) => e.pointer)).toContain(pointer);
  return body;
}

describe("refused writes answer problem+json and change nothing", () => {
  const cases: [string, (token: string) => Promise<Response>, number, string?][] = [
    ["malformed JSON", (t) => jsonRequest("POST", "/api/v1/articles", t, '{"title": "x",'), 400],
    [
      "invalid UTF-8",
      (t) =>
        request("/api/v1/articles", {
          method: "POST",
          headers: { authorization: `Bearer ${t}`, "content-type": "application/json" },
          body: new Uint8Array([0x7b, 0x22, 0x74, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
        }),
      400,
    ],
    ["missing title", (t) => jsonRequest("POST", "/api/v1/articles", t, { body: "<p>x</p>" }), 422, "/title"],
    [
      "wrong type",
      (t) => jsonRequest("POST", "/api/v1/articles", t, chineseArticle({ tags: "社区" })),
      422,
      "/tags",
    ],
    [
      "wrong nested type",
      (t) => jsonRequest("POST", "/api/v1/articles", t, chineseArticle({ authors: [{ name: 5 }] })),
      422,
      "/authors/0/name",
    ],
    [
      "unknown field",
      (t) => jsonRequest("POST", "/api/v1/articles", t, chineseArticle({ colour: "red" })),
      422,
      "/colour",
    ],
    [
      "prototype pollution key",
      (t) => jsonRequest("POST", "/api/v1/articles", t, `{"title":"x","__proto__":{"admin":true}}`),
      422,
      "/__proto__",
    ],
    [
      "date without offset",
      (t) =>
        jsonRequest("POST", "/api/v1/articles", t, chineseArticle({ publishedAt: "2020-12-09 09:50:37" })),
      422,
      "/publishedAt",
    ],
    [
      "impossible date",
      (t) =>
        jsonRequest(
          "POST",
          "/api/v1/articles",
          t,
          chineseArticle({ publishedAt: "2020-02-30T09:50:37+08:00" }),
        ),
      422,
      "/publishedAt",
    ],
    [
      "invalid print date",
      (t) =>
        jsonRequest(
          "POST",
          "/api/v1/articles",
          t,
          chineseArticle({ printEdition: { date: "2020-13-07", page: "17" } }),
        ),
      422,
      "/printEdition/date",
    ],
    [
      "javascript: image URL",
      (t) =>
        jsonRequest("POST", "/api/v1/articles", t, chineseArticle({ image: { url: "javascript:alert(1)" } })),
      422,
      "/image/url",
    ],
    [
      "bad slug",
      (t) => jsonRequest("POST", "/api/v1/articles", t, chineseArticle({ slug: "../etc/passwd" })),
      422,
      "/slug",
    ],
    [
      "bad status",
      (t) => jsonRequest("POST", "/api/v1/articles", t, chineseArticle({ status: "live" })),
      422,
      "/status",
    ],
    [
      "scheduled without a time",
      (t) =>
        jsonRequest(
          "POST",
          "/api/v1/articles",
          t,
          chineseArticle({ status: "scheduled", publishedAt: undefined }),
        ),
      422,
      "/publishedAt",
    ],
    [
      "oversized body",
      (t) => jsonRequest("POST", "/api/v1/articles", t, chineseArticle({ body: "长".repeat(400_000) })),
      413,
    ],
    [
      "wrong content type",
      (t) =>
        request("/api/v1/articles", {
          method: "POST",
          headers: { authorization: `Bearer ${t}`, "content-type": "text/plain" },
          body: JSON.stringify(chineseArticle()),
        }),
      415,
    ],
  ];

  for (const [name, send, status, pointer] of cases) {
    it(`${name} → ${status}`, async () => {
      const { secret } = await mintToken();
      const before = await dumpDatabase();
      await expectProblem(await send(secret), status, pointer);
      expect(await dumpDatabase()).toBe(before);
    });
  }

  it("a bad PATCH leaves the article and its revisions untouched", async () => {
    const { secret } = await mintToken();
    const article = await createArticle(secret, chineseArticle());
    const before = await dumpDatabase();
    const res = await jsonRequest(
      "PATCH",
      `/api/v1/articles/${article.id}`,
      secret,
      { title: 42 },
      { "if-match": `"a${article.id}-v1"` },
    );
    await expectProblem(res, 422, "/title");
    expect(await dumpDatabase()).toBe(before);
  });

  it("names every failing field at once", async () => {
    const { secret } = await mintToken();
    const res = await jsonRequest("POST", "/api/v1/articles", secret, { title: "", tags: [1], extra: true });
    const body = await expectProblem(res, 422);
    expect(body.errors?.map((e) => e.pointer).sort()).toEqual(["/extra", "/tags/0", "/title"]);
    expect(body.type).toBe("/problems/validation-failed");
  });
});

describe("unknown routes and resources", () => {
  it("answers 404 problem+json for an unknown API route", async () => {
    const body = await expectProblem(await request("/api/v1/nothing-here"), 404);
    expect(body.instance).toBe("/api/v1/nothing-here");
  });

  it("answers 404 for an unknown article and 400 for a forged cursor", async () => {
    await expectProblem(await request("/api/v1/articles/999999"), 404);
    await expectProblem(await request("/api/v1/articles?cursor=not-a-cursor"), 400);
    await expectProblem(await request("/api/v1/articles?limit=-5"), 400);
    await expectProblem(await request("/api/v1/articles?limit=100000"), 400);
  });

  it("serves a description at every problem type URI", async () => {
    const res = await request("/problems/validation-failed");
    expect(res.status).toBe(200);
    expect(((await res.json()) as { description: string }).description).toMatch(/field/);
  });
});
