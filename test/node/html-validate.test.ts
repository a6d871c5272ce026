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
});
