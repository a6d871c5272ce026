import { HtmlValidate, type Message } from "html-validate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalWorker, startWorker } from "./harness";

// Validity of the generated markup (html-validate's recommended rules), on the built worker.
const validator = new HtmlValidate({
  extends: ["html-validate:recommended"],
  rules: {
    // Style, not validity: hono/jsx writes <meta/>, the sanitizer writes <img>; both are valid HTML.
    "void-style": "off",
  },
});

const PAGES = [
  "/articles/lakeside-community-governance",
  "/articles/harbor-city-night-buses",
  "/",
  `/section/${encodeURIComponent("深度报道")}/${encodeURIComponent("自媒体")}`,
  `/tag/${encodeURIComponent("社区")}`,
  `/author/${encodeURIComponent("Maya Okafor")}`,
  "/articles/no-such-article",
  `/search?q=${encodeURIComponent("网格")}`,
  "/search",
];

const describeMessage = (m: Message) => `${m.ruleId} ${m.line}:${m.column} ${m.message}`;

describe("HTML validity (html-validate, recommended preset)", () => {
  let worker: LocalWorker;
  beforeAll(async () => {
    worker = await startWorker();
  });
  afterAll(() => worker?.stop());

  it.each(PAGES)("%s is valid", async (path) => {
    const res = await worker.fetch(path);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const report = await validator.validateString(await res.text());
    const messages = report.results.flatMap((r) => r.messages).map(describeMessage);
    expect(messages).toEqual([]);
  });

  it("an article whose body has images without alt inside an ASP.NET <form> wrapper is valid", async () => {
    const body =
      '<form method="post" action="./Default.aspx" id="form1"><div class="c"><p>正文第一段</p>' +
      '<img src="https://example.com/a.jpg"><p><img src="/b.png" width="10">图注</p><p>最后一段';
    const created = await worker.fetch("/api/v1/articles", {
      method: "POST",
      headers: { authorization: `Bearer ${worker.token}`, "content-type": "application/json" },
      body: JSON.stringify({ title: "无 alt 的图片", slug: "images-without-alt", status: "published", body }),
    });
    expect(created.status).toBe(201);
    const page = await (await worker.fetch("/articles/images-without-alt")).text();
    expect(page).toContain("最后一段");
    const report = await validator.validateString(page);
    expect(report.results.flatMap((r) => r.messages).map(describeMessage)).toEqual([]);
  });
});
