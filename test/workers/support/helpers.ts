import { exports } from "cloudflare:workers";
import { createToken } from "../../../src/auth/tokens";
import type { TokenScope } from "../../../src/domain/token-scope";
import { db } from "./database";

export const ORIGIN = "https://news.example.com";
export const ALL_SCOPES: TokenScope[] = ["drafts:read", "articles:write", "articles:publish"];

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

/** A JSON request (a string body is sent as it is), with the bearer token when given. */
export function jsonInit(method: string, token: string | null, body: unknown, headers = {}): RequestInit {
  return {
    method,
    headers: {
      "content-type": "application/json",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  };
}

export function jsonRequest(method: string, path: string, token: string | null, body: unknown, headers = {}) {
  return request(path, jsonInit(method, token, body, headers));
}

export async function createArticle(token: string, body: unknown, headers = {}) {
  const res = await jsonRequest("POST", "/api/v1/articles", token, body, headers);
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as ApiArticle;
}

export async function patchArticle(token: string, id: number, etag: string, body: unknown) {
  return jsonRequest("PATCH", `/api/v1/articles/${id}`, token, body, { "if-match": etag });
}

/** The If-Match a client sends for the version of `article` it holds. */
export const versionEtag = (article: ApiArticle) => `"a${article.id}-v${article.version}"`;

export type ArticleChange = [name: string, apply: (article: ApiArticle) => Promise<Response>];

/** Every write that takes a public article out of public view: back to draft, scheduled ahead, deleted. */
export function hidingChanges(token: string): ArticleChange[] {
  return [
    ["drafted", (a) => patchArticle(token, a.id, versionEtag(a), { status: "draft" })],
    [
      "rescheduled",
      (a) =>
        patchArticle(token, a.id, versionEtag(a), {
          status: "scheduled",
          publishedAt: "2099-01-01T00:00:00Z",
        }),
    ],
    ["deleted", (a) => jsonRequest("DELETE", `/api/v1/articles/${a.id}`, token, undefined)],
  ];
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
