// Shared machinery for the hostile-input matrix: every case must be refused with problem+json,
// name the failing field, leak nothing and leave the database byte-identical.
import { exports } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chineseArticle } from "../../fixtures/articles";
import { dumpDatabase } from "./database";
import { createArticle, mintToken, ORIGIN } from "./helpers";

export interface Target {
  token: string;
  /** A published article that PATCH, DELETE and restore cases aim at. */
  id: number;
  etag: string;
}

export interface HostileCase {
  category: string;
  name: string;
  send: (target: Target) => Promise<Response>;
  status: number;
  /** JSON Pointer the problem's errors[] must name; "" is the document root. */
  pointer?: string;
}

interface Problem {
  status: number;
  title: string;
  type: string;
  errors?: { pointer: string; detail: string }[];
}

const LEAKS: RegExp[] = [
  /\n\s+at /,
  /\bat [^"]*\([^"]*:\d+:\d+\)/,
  /\.(?:ts|js|mjs):\d+/,
  /node_modules|drizzle|workerd/i,
  /SQLITE_|D1_|sqlite/i,
  /no such (?:table|column)|constraint failed|syntax error/i,
  /\b(?:select|insert|update|delete)\b[^"]{0,80}\b(?:from|into|set|where)\b/i,
];

/** No stack frame, file path, driver name or SQL in anything a client can read. */
export function expectNoLeak(text: string): void {
  for (const pattern of LEAKS) expect(text, `response leaks ${pattern}`).not.toMatch(pattern);
}

const tally = new Map<string, { tried: number; refused: number }>();

export function record(category: string, refused: boolean): void {
  const entry = tally.get(category) ?? { tried: 0, refused: 0 };
  entry.tried += 1;
  if (refused) entry.refused += 1;
  tally.set(category, entry);
}

export function printTally(file: string): void {
  const rows = [...tally.entries()].map(([category, n]) => `  ${category}: ${n.refused}/${n.tried}`);
  const total = [...tally.values()].reduce((sum, n) => sum + n.tried, 0);
  const refused = [...tally.values()].reduce((sum, n) => sum + n.refused, 0);
  console.log(`${file}: ${refused}/${total} hostile cases refused\n${rows.join("\n")}`);
}

let client = 0;

/** Each case comes from its own client address, so auth-failure lockouts never mix cases. */
export function send(path: string, init: RequestInit = {}): Promise<Response> {
  client += 1;
  const headers = new Headers(init.headers);
  headers.set("cf-connecting-ip", `hostile-${client}`);
  return exports.default.fetch(new Request(new URL(path, ORIGIN), { ...init, headers }));
}

export function sendJson(method: string, path: string, token: string, body: BodyInit, headers = {}) {
  return send(path, {
    method,
    headers: { "content-type": "application/json", authorization: `Bearer ${token}`, ...headers },
    body,
  });
}

let token: { secret: string; uses: number } | null = null;

/** A token per 100 cases keeps every case well inside the per-token write budget (120/min). */
async function caseToken(): Promise<string> {
  if (!token || token.uses >= 100) token = { secret: (await mintToken()).secret, uses: 0 };
  token.uses += 1;
  return token.secret;
}

/** Runs one case: status, problem shape, failing pointer, no leaks, database unchanged. */
export async function runCase(testCase: HostileCase, target: Omit<Target, "token">): Promise<void> {
  const secret = await caseToken();
  const before = await dumpDatabase();
  const res = await testCase.send({ ...target, token: secret });
  const text = await res.text();
  const refused =
    res.status === testCase.status &&
    /^application\/problem\+json/.test(res.headers.get("content-type") ?? "") &&
    parseOrNull(text)?.status === testCase.status;
  record(testCase.category, refused);
  expect(res.status, text.slice(0, 300)).toBe(testCase.status);
  expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  const body = JSON.parse(text) as Problem;
  expect(body.status).toBe(testCase.status);
  expect(body.title).toBeTruthy();
  if (testCase.pointer !== undefined) {
    expect(body.errors?.map((e) => e.pointer)).toContain(testCase.pointer);
  }
  expectNoLeak(text);
  expect(await dumpDatabase()).toBe(before);
}

function parseOrNull(text: string): Problem | null {
  try {
    return JSON.parse(text) as Problem;
  } catch {
    return null;
  }
}

/** Fills `member` into a JSON object text: a raw `"key": value` string or an object merged over `base`. */
export function withMember(base: Record<string, unknown>, member: string | Record<string, unknown>): string {
  if (typeof member !== "string") return JSON.stringify({ ...base, ...member });
  const text = JSON.stringify(base);
  return text === "{}" ? `{${member}}` : `${text.slice(0, -1)},${member}}`;
}

/** GET as anonymous, or with the case's token (all scopes). */
export const anonymous = (path: string) => () => send(path);
export const asEditor = (path: string) => (t: Target) =>
  send(path, { headers: { authorization: `Bearer ${t.token}` } });

/** One table-driven suite: a target article, one test per case, a tally printed at the end. */
export function describeHostile(file: string, title: string, cases: HostileCase[]): void {
  describe(title, () => {
    let target: Omit<Target, "token">;
    beforeAll(async () => {
      const { secret } = await mintToken();
      const article = await createArticle(secret, chineseArticle({ slug: `${file}-target` }));
      target = { id: article.id, etag: `"a${article.id}-v1"` };
    });
    afterAll(() => printTally(file));
    for (const testCase of cases) {
      it(`${testCase.category}: ${testCase.name} → ${testCase.status}`, () => runCase(testCase, target));
    }
  });
}
