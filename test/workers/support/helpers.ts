import { env, exports } from "cloudflare:workers";
import { createToken } from "../../../src/auth/tokens";
import { createDb } from "../../../src/db/client";
import type { TokenScope } from "../../../src/domain/token-scope";

export const ORIGIN = "https://news.example.com";
export const ALL_SCOPES: TokenScope[] = ["drafts:read", "articles:write", "articles:publish"];

export const db = () => createDb(env.DB);

export async function mintToken(
  scopes: TokenScope[] = ALL_SCOPES,
  extra: { expiresAt?: number | null } = {},
) {
  const { secret, token } = await createToken(
    db(),
    { name: `test-${scopes.join("+") || "none"}`, scopes, expiresAt: extra.expiresAt ?? null },
    Date.now(),
  );
  return { secret, id: token.id };
}

export function request(path: string, init: RequestInit = {}): Promise<Response> {
  return exports.default.fetch(new Request(new URL(path, ORIGIN), init));
}

export function jsonRequest(method: string, path: string, token: string | null, body: unknown, headers = {}) {
  return request(path, {
    method,
    headers: {
      "content-type": "application/json",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

export async function createArticle(token: string, body: unknown, headers = {}) {
  const res = await jsonRequest("POST", "/api/v1/articles", token, body, headers);
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as ApiArticle;
}

export async function patchArticle(token: string, id: number, etag: string, body: unknown) {
  return jsonRequest("PATCH", `/api/v1/articles/${id}`, token, body, { "if-match": etag });
}

const TABLES = [
  "idempotency_keys",
  "article_revisions",
  "article_scopes",
  "article_slugs",
  "articles",
  "api_tokens",
  "rate_limits",
];

/** Storage is isolated per test file, not per test: files whose tests count rows start each test empty. */
export async function resetDatabase(): Promise<void> {
  await env.DB.batch(TABLES.map((t) => env.DB.prepare(`delete from ${t}`)));
}

/** A snapshot of every table, to prove a refused request wrote nothing. */
export async function dumpDatabase(): Promise<string> {
  const tables = [
    "articles",
    "article_slugs",
    "article_scopes",
    "article_revisions",
    "idempotency_keys",
    "api_tokens",
  ];
  const parts: string[] = [];
  for (const table of tables) {
    // last_used_at is bookkeeping written in waitUntil (auth/middleware.ts), not the request's write.
    const columns =
      table === "api_tokens" ? "id, name, token_hash, scopes, created_at, expires_at, revoked_at" : "*";
    const { results } = await env.DB.prepare(`select ${columns} from ${table} order by rowid`).all();
    parts.push(`${table}:${JSON.stringify(results)}`);
  }
  return parts.join("\n");
}

export interface ApiArticle {
  id: number;
  guid: string;
  slug: string;
  url: string;
  status: string;
  title: string;
  subtitle: string | null;
  summary: string;
  language: string;
  section: string[];
  tags: string[];
  authors: { name: string; title?: string; url?: string }[];
  editors: { name: string }[];
  source: { name: string; url?: string } | null;
  image: Record<string, unknown> | null;
  printEdition: Record<string, unknown> | null;
  publishedAt: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  body: string;
  bodyFormat: string;
  bodyHtml: string;
  bodyText: string;
  deletedAt: string | null;
  createdBy: string | null;
  updatedBy: string | null;
}
