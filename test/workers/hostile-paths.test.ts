// Hostile ids, slugs, If-Match and Authorization headers on every article route.
import { anonymous, describeHostile, type HostileCase, send, type Target } from "./support/hostile-kit";
import { BAD_IDS, BAD_SLUG_PATHS } from "./support/hostile-values";

const BAD_IF_MATCH = ['"a0-v0"', "' OR 1=1 --", `"${"x".repeat(8000)}"`, 'W/"a1-v1"', '""', "%00"];

function write(method: string, path: (t: Target) => string, headers: Record<string, string>) {
  return (t: Target) =>
    send(path(t), {
      method,
      headers: { authorization: `Bearer ${t.token}`, "content-type": "application/json", ...headers },
      body: method === "DELETE" ? undefined : JSON.stringify({ title: "改" }),
    });
}

const WRITES = [
  ["PATCH", (id: string) => `/api/v1/articles/${id}`],
  ["DELETE", (id: string) => `/api/v1/articles/${id}`],
  ["POST", (id: string) => `/api/v1/articles/${id}/restore`],
] as const;

const post = (headers: Record<string, string>, body?: string) => () =>
  send("/api/v1/articles", { method: "POST", headers, body });

const PROTOTYPE_NAMES = [
  "constructor",
  "__proto__",
  "toString",
  "hasOwnProperty",
  "valueOf",
  "isPrototypeOf",
  "propertyIsEnumerable",
];
const LONG_NAME = `${"界".repeat(2000)}x`;
const UNKNOWN_FEEDS = [
  `/tag/${encodeURIComponent(LONG_NAME)}/feed.xml`,
  `/author/${encodeURIComponent(LONG_NAME)}/atom.xml`,
  `/section/${encodeURIComponent(LONG_NAME)}/b/feed.json`,
  "/tag/constructor/feed.xml",
  "/tag/__proto__/atom.xml",
  "/author/toString/feed.json",
];

const getWith = (path: string, headers: Record<string, string>) => () => send(path, { headers });

const readCases: HostileCase[] = [
  ...PROTOTYPE_NAMES.map(
    (name): HostileCase => ({
      category: "prototype name",
      name: `GET /problems/${name}`,
      status: 404,
      send: getWith(`/problems/${name}`, { accept: "application/problem+json" }),
    }),
  ),
  ...["constructor", "__proto__"].map(
    (name): HostileCase => ({
      category: "prototype name",
      name: `GET /api/v1/articles/${name}`,
      status: 404,
      send: anonymous(`/api/v1/articles/${name}`),
    }),
  ),
  ...UNKNOWN_FEEDS.map(
    (path): HostileCase => ({
      category: "unknown feed scope",
      name: `GET ${path.slice(0, 50)}`,
      status: 404,
      send: anonymous(path),
    }),
  ),
  ...["/tag/never-was/feed.xml", "/archive/2020-12/tag/never-was/atom.xml", "/author/nobody/feed.json"].map(
    (path): HostileCase => ({
      category: "If-None-Match on a missing feed",
      name: `GET ${path} If-None-Match: *`,
      status: 404,
      send: getWith(path, { "if-none-match": "*" }),
    }),
  ),
];

const cases: HostileCase[] = [
  ...readCases,
  ...WRITES.flatMap(([method, path]) =>
    BAD_IDS.map(
      (id): HostileCase => ({
        category: "path id",
        name: `${method} ${path(id).slice(0, 60)}`,
        status: 404,
        send: write(method, () => path(id), { "if-match": "*" }),
      }),
    ),
  ),
  ...WRITES.flatMap(([method, path]) =>
    BAD_IF_MATCH.map(
      (etag): HostileCase => ({
        category: "If-Match",
        name: `${method} If-Match ${JSON.stringify(etag.slice(0, 20))}`,
        status: 412,
        send: write(method, (t) => path(String(t.id)), { "if-match": etag }),
      }),
    ),
  ),
  {
    category: "If-Match",
    name: "PATCH without If-Match",
    status: 428,
    send: write("PATCH", (t) => `/api/v1/articles/${t.id}`, {}),
  },
  ...BAD_SLUG_PATHS.map(
    (slug): HostileCase => ({
      category: "path slug",
      name: `GET /api/v1/articles/${slug.slice(0, 40)}`,
      status: 404,
      send: anonymous(`/api/v1/articles/${slug}`),
    }),
  ),
  {
    category: "auth",
    name: "POST without a token",
    status: 401,
    send: post({ "content-type": "application/json" }, "{}"),
  },
  {
    category: "auth",
    name: "Bearer with SQL",
    status: 400,
    send: post({ authorization: "Bearer ' OR 1=1 --" }),
  },
  {
    category: "auth",
    name: "Bearer of 10 000 chars",
    status: 401,
    send: post({ authorization: `Bearer enf_${"a".repeat(10_000)}` }),
  },
  {
    category: "auth",
    name: "Basic credentials",
    status: 400,
    send: post({ authorization: "Basic YWRtaW46YWRtaW4=" }),
  },
  {
    category: "auth",
    name: "status filter without drafts:read",
    status: 403,
    send: anonymous("/api/v1/articles?status=draft"),
  },
];

describeHostile("hostile-paths", "hostile ids, slugs and headers → 4xx problem+json, nothing written", cases);
