// Hostile field values on POST /api/v1/articles and PATCH /api/v1/articles/:id: each → 422 naming the field.
import { describe, expect, it } from "vitest";
import { chineseArticle } from "../fixtures/articles";
import { describeHostile, type HostileCase, sendJson, withMember } from "./support/hostile-kit";
import {
  BAD_DATE_TIMES,
  BAD_FULL_DATES,
  BAD_SLUGS,
  BAD_URLS,
  HIDDEN_IN_NAMES,
} from "./support/hostile-values";

type Member = string | Record<string, unknown>;
type Route = "both" | "post" | "patch";
type FieldCase = [category: string, name: string, member: Member, pointer: string, route?: Route];

const long = (n: number) => "a".repeat(n);

const cases: FieldCase[] = [
  ...BAD_DATE_TIMES.map(
    ([n, v]): FieldCase => ["date", `publishedAt ${n}`, { publishedAt: v }, "/publishedAt"],
  ),
  ...BAD_FULL_DATES.map(
    ([n, v]): FieldCase => [
      "date",
      `printEdition.date ${n}`,
      { printEdition: { date: v, page: "17" } },
      "/printEdition/date",
    ],
  ),
  ...BAD_URLS.flatMap(([n, url]): FieldCase[] => [
    ["url", `image.url ${n}`, { image: { url } }, "/image/url"],
    ["url", `author url ${n}`, { authors: [{ name: "林晓舟", url }] }, "/authors/0/url"],
    ["url", `source url ${n}`, { source: { name: "城市观察报", url } }, "/source/url"],
  ]),
  ...BAD_SLUGS.map(([n, v]): FieldCase => ["slug", `slug ${n}`, { slug: v }, "/slug"]),
  ...HIDDEN_IN_NAMES.flatMap(([n, v]): FieldCase[] => [
    ["hidden character", `tag ${n}`, { tags: ["社区", v] }, "/tags/1"],
    ["hidden character", `section ${n}`, { section: ["深度报道", v] }, "/section/1"],
    ["hidden character", `author ${n}`, { authors: [{ name: v }] }, "/authors/0/name"],
    ["hidden character", `editor ${n}`, { editors: [{ name: v }] }, "/editors/0/name"],
    ["hidden character", `slug ${n}`, { slug: `a-${v}` }, "/slug"],
  ]),
  ["name", "section level with /", { section: ["深度报道", "a/b"] }, "/section/1"],
  ["name", "tag of spaces only", { tags: ["   "] }, "/tags/0"],
  ["date", "publishedAt year 0100 February 29", { publishedAt: "0100-02-29T00:00:00Z" }, "/publishedAt"],
  ["wrong type", "title number", { title: 42 }, "/title"],
  ["wrong type", "title null", { title: null }, "/title"],
  ["wrong type", "title array", { title: ["x"] }, "/title"],
  ["wrong type", "title object", { title: { zh: "x" } }, "/title"],
  ["wrong type", "tags string", { tags: "社区" }, "/tags"],
  ["wrong type", "tags number item", { tags: [1] }, "/tags/0"],
  ["wrong type", "tags null item", { tags: [null] }, "/tags/0"],
  ["wrong type", "tags object", { tags: { 0: "a" } }, "/tags"],
  ["wrong type", "section string", { section: "深度报道" }, "/section"],
  ["wrong type", "section nested array", { section: [["a"]] }, "/section/0"],
  ["wrong type", "authors object", { authors: { name: "x" } }, "/authors"],
  ["wrong type", "author name number", { authors: [{ name: 5 }] }, "/authors/0/name"],
  ["wrong type", "author string", { authors: ["林晓舟"] }, "/authors/0"],
  ["wrong type", "editor without name", { editors: [{}] }, "/editors/0/name"],
  ["wrong type", "status unknown", { status: "live" }, "/status"],
  ["wrong type", "status number", { status: 1 }, "/status"],
  ["wrong type", "status boolean", { status: true }, "/status"],
  ["wrong type", "bodyFormat unknown", { bodyFormat: "rtf" }, "/bodyFormat"],
  ["wrong type", "body number", { body: 42 }, "/body"],
  ["wrong type", "body array", { body: ["<p>x</p>"] }, "/body"],
  ["wrong type", "image string", { image: "https://images.example.org/a.jpg" }, "/image"],
  ["wrong type", "image width string", { image: { url: "/a.jpg", width: "100" } }, "/image/width"],
  ["wrong type", "image width fraction", { image: { url: "/a.jpg", width: 1.5 } }, "/image/width"],
  ["wrong type", "image width negative", { image: { url: "/a.jpg", width: -1 } }, "/image/width"],
  ["wrong type", "image width 1e400", '"image":{"url":"/a.jpg","width":1e400}', "/image/width"],
  ["wrong type", "image length huge", { image: { url: "/a.jpg", length: 1e10 } }, "/image/length"],
  ["wrong type", "image type not image", { image: { url: "/a.jpg", type: "text/html" } }, "/image/type"],
  [
    "wrong type",
    "print page number",
    { printEdition: { date: "2020-12-07", page: 17 } },
    "/printEdition/page",
  ],
  ["wrong type", "language not a tag", { language: "not a tag!" }, "/language"],
  ["wrong type", "language number", { language: 5 }, "/language"],
  ["wrong type", "source without name", { source: { url: "https://a.example/" } }, "/source/name"],
  ["wrong type", "summary boolean", { summary: false }, "/summary"],
  ["wrong type", "guid not a URI", { guid: "not a uri" }, "/guid"],
  ["wrong type", "publishedAt null on create", { publishedAt: null }, "/publishedAt", "post"],
  ["unknown field", "colour", { colour: "red" }, "/colour"],
  ...["id", "version", "createdAt", "updatedAt", "deletedAt", "writeId", "createdBy", "bodyHtml"].map(
    (key): FieldCase => ["unknown field", `server-owned ${key}`, { [key]: 1 }, `/${key}`],
  ),
  ["unknown field", "author email", { authors: [{ name: "x", email: "a@b.c" }] }, "/authors/0/email"],
  ["unknown field", "image extra", { image: { url: "/a.jpg", onload: "x" } }, "/image/onload"],
  ["unknown field", "source extra", { source: { name: "s", extra: 1 } }, "/source/extra"],
  [
    "unknown field",
    "print extra",
    { printEdition: { date: "2020-12-07", page: "1", x: 1 } },
    "/printEdition/x",
  ],
  ["unknown field", "editor title", { editors: [{ name: "x", title: "y" }] }, "/editors/0/title"],
  ["prototype key", "__proto__ top level", '"__proto__":{"admin":true}', "/__proto__"],
  ["prototype key", "__proto__ array", '"__proto__":[]', "/__proto__"],
  ["prototype key", "constructor top level", '"constructor":{"prototype":{"admin":true}}', "/constructor"],
  ["prototype key", "prototype top level", '"prototype":{"admin":true}', "/prototype"],
  [
    "prototype key",
    "__proto__ in author",
    '"authors":[{"name":"a","__proto__":{"admin":true}}]',
    "/authors/0/__proto__",
  ],
  [
    "prototype key",
    "constructor in image",
    '"image":{"url":"/a.jpg","constructor":{"admin":1}}',
    "/image/constructor",
  ],
  [
    "prototype key",
    "prototype in source",
    '"source":{"name":"s","prototype":{"admin":1}}',
    "/source/prototype",
  ],
  [
    "prototype key",
    "__proto__ in print",
    '"printEdition":{"date":"2020-12-07","page":"1","__proto__":{}}',
    "/printEdition/__proto__",
  ],
  ["huge string", "title 501", { title: long(501) }, "/title"],
  ["huge string", "title 600 000", { title: long(600_000) }, "/title"],
  ["huge string", "subtitle 1001", { subtitle: long(1001) }, "/subtitle"],
  ["huge string", "summary 2001", { summary: long(2001) }, "/summary"],
  ["huge string", "body 500 001", { body: long(500_001) }, "/body"],
  ["huge string", "tag 101", { tags: [long(101)] }, "/tags/0"],
  ["huge string", "section 101", { section: [long(101)] }, "/section/0"],
  ["huge string", "author name 201", { authors: [{ name: long(201) }] }, "/authors/0/name"],
  ["huge string", "author title 301", { authors: [{ name: "a", title: long(301) }] }, "/authors/0/title"],
  ["huge string", "caption 2001", { image: { url: "/a.jpg", caption: long(2001) } }, "/image/caption"],
  ["huge string", "language 36", { language: `en-${long(33)}` }, "/language"],
  [
    "huge string",
    "print page 21",
    { printEdition: { date: "2020-12-07", page: long(21) } },
    "/printEdition/page",
  ],
  ["huge string", "guid 501", { guid: `urn:x:${long(495)}` }, "/guid"],
  ["huge array", "tags 51", { tags: Array.from({ length: 51 }, (_, i) => `t${i}`) }, "/tags"],
  ["huge array", "tags 100 000", { tags: Array.from({ length: 100_000 }, () => "a") }, "/tags"],
  ["huge array", "section 9", { section: Array.from({ length: 9 }, (_, i) => `s${i}`) }, "/section"],
  [
    "huge array",
    "authors 31",
    { authors: Array.from({ length: 31 }, (_, i) => ({ name: `a${i}` })) },
    "/authors",
  ],
  [
    "huge array",
    "editors 31",
    { editors: Array.from({ length: 31 }, (_, i) => ({ name: `e${i}` })) },
    "/editors",
  ],
];

const POST_BASE = chineseArticle();
const PATCH_BASE = { title: "补丁标题" };

function hostileCases(): HostileCase[] {
  return cases.flatMap(([category, name, member, pointer, route = "both"]) => {
    const out: HostileCase[] = [];
    if (route !== "patch") {
      out.push({
        category,
        name: `POST ${name}`,
        status: 422,
        pointer,
        send: (t) => sendJson("POST", "/api/v1/articles", t.token, withMember(POST_BASE, member)),
      });
    }
    if (route !== "post") {
      out.push({
        category,
        name: `PATCH ${name}`,
        status: 422,
        pointer,
        send: (t) =>
          sendJson("PATCH", `/api/v1/articles/${t.id}`, t.token, withMember(PATCH_BASE, member), {
            "if-match": t.etag,
          }),
      });
    }
    return out;
  });
}

describeHostile(
  "hostile-fields",
  "hostile field values → 422 problem+json naming the field, nothing written",
  hostileCases(),
);

describe("after every prototype-key case", () => {
  it("left Object.prototype unpolluted", () => {
    const probe = {} as Record<string, unknown>;
    expect(probe.admin).toBeUndefined();
    expect(Object.keys(Object.prototype)).toEqual([]);
  });
});
