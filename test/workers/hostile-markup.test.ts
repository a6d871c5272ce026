// Hostile bodies that are valid JSON but costly to render or to store: refused with the pointer, or
// stored within a bounded time; never a 500, nothing written when refused.
import { describe, expect, it } from "vitest";
import { chineseArticle } from "../fixtures/articles";
import { type ApiArticle, createArticle, mintToken, patchArticle } from "./support/helpers";
import { describeHostile, type HostileCase, sendJson } from "./support/hostile-kit";
import { json as micropubJson } from "./support/micropub-helpers";

type MarkupCase = [name: string, body: () => string, bodyFormat: "html" | "markdown", status: number];

const KB_480 = 480 * 1024;
// The longest body the API takes; "<" escapes to "&lt;", so this many of them is 2 MB once stored.
const MAX_BODY_CHARS = 500_000;
const fill = (unit: string, bytes = KB_480) => unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes);

const cases: MarkupCase[] = [
  ["2,000 nested Markdown quotes", () => ">".repeat(2000), "markdown", 422],
  ["480 KB of Markdown quotes", () => fill(">"), "markdown", 422],
  ["Markdown list nested 200 deep", () => nestedList(200), "markdown", 422],
  ["480 KB of <ol><li><p> (nested blocks that imply closes)", () => fill("<ol><li><p>"), "html", 422],
  ["480 KB of <div> never closed", () => fill("<div>"), "html", 422],
  ["Markdown whose HTML nests 600 deep", () => "<span>".repeat(600), "markdown", 422],
  ["HTML that escapes past the row limit (< × 500k)", () => fill("<", MAX_BODY_CHARS), "html", 413],
  ["Markdown that escapes past the row limit (& × 480k)", () => fill("&"), "markdown", 413],
];

function nestedList(depth: number): string {
  return Array.from({ length: depth }, (_, level) => `${"  ".repeat(level)}- item`).join("\n");
}

function hostileCases(): HostileCase[] {
  return cases.flatMap(([name, body, bodyFormat, status]): HostileCase[] => [
    {
      category: "costly markup",
      name: `POST ${name}`,
      status,
      pointer: "/body",
      send: (t) =>
        sendJson(
          "POST",
          "/api/v1/articles",
          t.token,
          JSON.stringify({ title: "x", body: body(), bodyFormat }),
        ),
    },
    {
      category: "costly markup",
      name: `PATCH ${name}`,
      status,
      pointer: "/body",
      send: (t) =>
        sendJson("PATCH", `/api/v1/articles/${t.id}`, t.token, JSON.stringify({ body: body(), bodyFormat }), {
          "if-match": t.etag,
        }),
    },
  ]);
}

const micropubCases: HostileCase[] = [
  {
    category: "costly markup",
    name: "Micropub content nesting 40,000 <ol><li><p>",
    status: 400,
    pointer: "/body",
    send: (t) =>
      micropubJson(t.token, {
        type: ["h-entry"],
        properties: { name: ["x"], content: [{ html: fill("<ol><li><p>") }] },
      }),
  },
  {
    category: "costly markup",
    name: "Micropub content escaping past the row limit",
    status: 413,
    pointer: "/body",
    send: (t) =>
      micropubJson(t.token, {
        type: ["h-entry"],
        properties: { name: ["x"], content: [{ html: fill("<", MAX_BODY_CHARS) }] },
      }),
  },
];

describeHostile("hostile-markup", "costly bodies → 413/422 problem+json naming /body, nothing written", [
  ...hostileCases(),
  ...micropubCases,
]);

describe("bodies that used to be super-linear are stored", () => {
  it.each([
    ["_a", "_a"],
    ["*_a", "*_a"],
    ["[a](", "[a]("],
  ])("480 KB of %s Markdown is accepted and rendered", async (_name, unit) => {
    const { secret } = await mintToken();
    const article = await createArticle(secret, { title: "x", body: fill(unit), bodyFormat: "markdown" });
    expect(article.bodyHtml.length).toBeGreaterThan(KB_480 / 2);
  });

  it("300,000 CJK characters of HTML (900 KB, stored once: no source or text copy) are accepted", async () => {
    const { secret } = await mintToken();
    const body = `<p>${fill("字", 300_000)}</p>`;
    const article = await createArticle(secret, { title: "x", body, bodyFormat: "html" });
    expect(article.bodyHtml).toBe(body);
    const edited = await patchArticle(secret, article.id, `"a${article.id}-v1"`, {
      body: `<p>改${body.slice(4)}`,
    });
    expect(edited.status).toBe(200);
  });

  it("480 KB of balanced nested HTML blocks is accepted", async () => {
    const { secret } = await mintToken();
    const unit = `${"<ol><li><p>".repeat(50)}x${"</ol>".repeat(50)}`;
    const article = await createArticle(secret, { title: "x", body: fill(unit), bodyFormat: "html" });
    expect(article.bodyText).toContain("x");
  });
});

describe("the write response lists the sanitizer's changes", () => {
  it("POST and PATCH carry sanitizerChanges; form content is kept", async () => {
    const { secret } = await mintToken();
    const body = '<form action="/Default.aspx"><p>保留的正文</p><script>track()</script><img src="/a.png">';
    const created = (await createArticle(
      secret,
      chineseArticle({ body, bodyFormat: "html" }),
    )) as ApiArticle & {
      sanitizerChanges: unknown[];
    };
    expect(created.bodyHtml).toContain("<p>保留的正文</p>");
    expect(created.bodyHtml).toContain('<img src="/a.png" alt="">');
    expect(created.sanitizerChanges).toEqual(
      expect.arrayContaining([
        { change: "unwrapped-element", element: "form", count: 1 },
        { change: "removed-element-with-content", element: "script", count: 1 },
        { change: "added-attribute", element: "img", attribute: "alt", count: 1 },
      ]),
    );
    const res = await patchArticle(secret, created.id, `"a${created.id}-v1"`, {
      body: "<p onclick=x>改</p>",
    });
    expect(res.status).toBe(200);
    const patched = (await res.json()) as { sanitizerChanges: unknown[] };
    expect(patched.sanitizerChanges).toEqual([
      { change: "removed-attribute", element: "p", attribute: "onclick", count: 1 },
    ]);
  });

  it("Micropub create answers with sanitizerChanges", async () => {
    const { secret } = await mintToken();
    const res = await micropubJson(secret, {
      type: ["h-entry"],
      properties: { name: ["x"], content: [{ html: "<form><p>正文</p></form>" }] },
    });
    expect(res.status).toBe(201);
    const answer = (await res.json()) as { sanitizerChanges: unknown[] };
    expect(answer.sanitizerChanges).toEqual([{ change: "unwrapped-element", element: "form", count: 1 }]);
  });
});
