// Hostile query parameters on GET /api/v1/articles: limits, cursors, dates, enums, free text, keys;
// and the feeds' cursors, both directions.
import { describe, expect, it } from "vitest";
import { englishArticle } from "../fixtures/articles";
import { dumpDatabase } from "./support/database";
import { createArticle, mintToken } from "./support/helpers";
import {
  anonymous,
  asEditor,
  describeHostile,
  expectNoLeak,
  type HostileCase,
  send,
} from "./support/hostile-kit";
import { BAD_DATE_TIMES } from "./support/hostile-values";

const b64 = (text: string) => btoa(text).replaceAll("=", "");
const q = encodeURIComponent;
const LIST = "/api/v1/articles";

const LIMITS = [
  "-1",
  "0",
  "101",
  "100000",
  "abc",
  "1.5",
  "",
  "99999999999999999999",
  "NaN",
  "Infinity",
  "1e309",
];

const CURSORS: [string, string][] = [
  ["base64 of another version", b64("v2.1.1")],
  ["base64 of JSON", b64('{"at":1,"id":1}')],
  ["base64 of non-numbers", b64("v1.abc.1")],
  ["base64 missing a part", b64("v1.1")],
  ["17-digit position", b64("v1.99999999999999999.1")],
  ["position beyond 2^53", b64("v1.9999999999999999.1")],
  ["16-digit id", b64("v1.1.9999999999999999")],
  ["negative id", b64("v1.1.-1")],
  ["base64 with padding", q(btoa("v1.10.1"))],
  ["not base64", "not-a-cursor"],
  ["SQL", q("' OR 1=1 --")],
  ["traversal", q("../")],
  ["encoded traversal", "%2e%2e%2f"],
  ["NUL", "%00"],
];

// The feeds' own "newer than" cursors (feeds/feed-documents.ts previous links), garbled.
const NEWER_CURSORS: [string, string][] = [
  ["newer-than cursor of non-numbers", b64("n1.abc.1")],
  ["newer-than cursor missing a part", b64("n1.1")],
  ["newer-than cursor of another version", b64("n2.1.1")],
  ["newer-than position beyond 2^53", b64("n1.9999999999999999.1")],
  ["newer-than cursor with a negative id", b64("n1.1.-1")],
  ["newer-than cursor with padding", q(btoa("n1.10.1"))],
];

const query = (category: string, name: string, path: string, pointer?: string): HostileCase => ({
  category,
  name,
  status: 400,
  pointer,
  send: anonymous(path),
});

const cases: HostileCase[] = [
  ...LIMITS.map((limit) =>
    query("pagination limit", `limit=${limit.slice(0, 20)}`, `${LIST}?limit=${limit}`, "/limit"),
  ),
  query("pagination limit", "limit given twice", `${LIST}?limit=5&limit=6`, "/limit"),
  ...CURSORS.flatMap(([name, cursor]): HostileCase[] => [
    query("cursor", `public ${name}`, `${LIST}?cursor=${cursor}`, "/cursor"),
    {
      ...query("cursor", `editor ${name}`, "", "/cursor"),
      send: asEditor(`${LIST}?cursor=${cursor}`),
    },
  ]),
  query("cursor", "201 chars", `${LIST}?cursor=${"A".repeat(201)}`, "/cursor"),
  // A feed page's newer-than cursor is not one the API list issues.
  query("cursor", "a feed's newer-than cursor", `${LIST}?cursor=${b64("n1.10.1")}`, "/cursor"),
  ...[...CURSORS, ...NEWER_CURSORS].flatMap(([name, cursor]): HostileCase[] => [
    query("feed cursor", `site feed ${name}`, `/feed.xml?cursor=${cursor}`, "/cursor"),
    query("feed cursor", `tag feed ${name}`, `/tag/x/atom.xml?cursor=${cursor}`, "/cursor"),
  ]),
  ...BAD_DATE_TIMES.filter(([, v]) => typeof v !== "object").map(([name, value]) =>
    query("date", `updatedSince ${name}`, `${LIST}?updatedSince=${q(String(value))}`, "/updatedSince"),
  ),
  ...["' OR 1=1 --", "../", "DRAFT", "\u0000"].map(
    (status): HostileCase => ({
      ...query("query enum", `editor status=${JSON.stringify(status)}`, "", "/status"),
      send: asEditor(`${LIST}?status=${q(status)}`),
    }),
  ),
  { ...query("query enum", "deleted=yes", "", "/deleted"), send: asEditor(`${LIST}?deleted=yes`) },
  ...(["section", "tag", "author"] as const).flatMap((param) =>
    ["\u0000", "\u0001", "", "\uFFFF"].map((value) =>
      query("query text", `${param}=${JSON.stringify(value)}`, `${LIST}?${param}=${q(value)}`, `/${param}`),
    ),
  ),
  query("query text", "tag of 101 chars", `${LIST}?tag=${"a".repeat(101)}`, "/tag"),
  query("query text", "section of 801 chars", `${LIST}?section=${"a".repeat(801)}`, "/section"),
  ...["__proto__", "constructor", "prototype", "foo", "limit[]"].map((param) =>
    query("prototype key", `query ${param}`, `${LIST}?${param}=1`, `/${param}`),
  ),
  // updatedSince with a filter is a per-scope delta now (test/workers/api/polling.test.ts).
  query("content option", "content on the list", `${LIST}?content=teaser`, "/content"),
  query("content option", "content on a feed", `/feed.xml?content=${q("excerpt\u0000")}`, "/content"),
];

describeHostile("hostile-query", "hostile query parameters → 400 problem+json naming the parameter", cases);

// Well-formed text that merely names nothing: the right answer is an empty page, not an error.
describe("SQL, traversal and LIKE wildcards in filters are data, never syntax", () => {
  const FILTERS: [string, string][] = [
    ["tag", "' OR 1=1 --"],
    ["tag", "../"],
    ["author", "%2e%2e%2f"],
    ["author", "' OR '1'='1"],
    ["section", "City' OR 1=1 --"],
    ["section", "%"],
    ["section", "_"],
    ["section", "Cit"],
    ["section", "City/Trans"],
    ["section", "City/"],
    ["section", "City/Transport/Night"],
    ["section", "深度报道与调查研究中心/自媒体与网络舆论观察/长三角城市基层治理专题"],
    ["section", `${"层级/".repeat(265)}层级`],
    ["tag", "transit\u200B"],
    ["author", "Maya Okafor\u202E"],
  ];
  for (const [param, value] of FILTERS) {
    for (const who of ["public", "editor"] as const) {
      it(`${who} ${param}=${JSON.stringify(value.slice(0, 40))} → 200 with no items`, async () => {
        const { secret } = await mintToken();
        await createArticle(secret, englishArticle());
        const before = await dumpDatabase();
        const headers: Record<string, string> = who === "editor" ? { authorization: `Bearer ${secret}` } : {};
        const res = await send(`${LIST}?${param}=${q(value)}`, { headers });
        const text = await res.text();
        expect(res.status).toBe(200);
        expect((JSON.parse(text) as { items: unknown[] }).items).toEqual([]);
        expectNoLeak(text);
        expect(await dumpDatabase()).toBe(before);
      });
    }
  }
});
