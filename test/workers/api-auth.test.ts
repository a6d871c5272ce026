import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { chineseArticle, draftArticle } from "../fixtures/articles";
import { dumpDatabase } from "./support/database";
import { createArticle, jsonRequest, mintToken, request } from "./support/helpers";

describe("bearer tokens", () => {
  it("refuses a write without a token: 401 with WWW-Authenticate", async () => {
    const before = await dumpDatabase();
    const res = await jsonRequest("POST", "/api/v1/articles", null, chineseArticle());
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer realm=/);
    expect(res.headers.get("content-type")).toMatch(/problem\+json/);
    expect(await dumpDatabase()).toBe(before);
  });

  it("refuses an unknown token with 401 invalid_token", async () => {
    const res = await jsonRequest(
      "POST",
      "/api/v1/articles",
      "enf_definitelyNotARealTokenValue000000000000000",
      chineseArticle(),
    );
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toContain('error="invalid_token"');
  });

  it("refuses revoked and expired tokens", async () => {
    const revoked = await mintToken();
    await env.DB.prepare("update api_tokens set revoked_at = ? where id = ?")
      .bind(Date.now(), revoked.id)
      .run();
    const expired = await mintToken(undefined, { expiresAt: Date.now() - 1000 });
    for (const token of [revoked.secret, expired.secret]) {
      const res = await jsonRequest("POST", "/api/v1/articles", token, draftArticle());
      expect(res.status).toBe(401);
    }
  });

  it("answers 403 (not 401) for a valid token without the needed scope", async () => {
    const reader = await mintToken(["drafts:read"]);
    const res = await jsonRequest("POST", "/api/v1/articles", reader.secret, draftArticle());
    expect(res.status).toBe(403);
    expect(res.headers.get("www-authenticate")).toContain('error="insufficient_scope"');
  });

  it("lets a write-only token save drafts but not publish", async () => {
    const writer = await mintToken(["articles:write"]);
    expect((await jsonRequest("POST", "/api/v1/articles", writer.secret, draftArticle())).status).toBe(201);
    const before = await dumpDatabase();
    expect((await jsonRequest("POST", "/api/v1/articles", writer.secret, chineseArticle())).status).toBe(403);
    expect(await dumpDatabase()).toBe(before);
  });

  it("records which token created and last changed an article", async () => {
    const first = await mintToken();
    const second = await mintToken();
    const article = await createArticle(first.secret, draftArticle());
    const res = await jsonRequest(
      "PATCH",
      `/api/v1/articles/${article.id}`,
      second.secret,
      { title: "改" },
      { "if-match": `"a${article.id}-v1"` },
    );
    const updated = (await res.json()) as { createdBy: string; updatedBy: string };
    expect(updated.createdBy).toBe(first.id);
    expect(updated.updatedBy).toBe(second.id);
  });

  it("stores only a SHA-256 hash of the token", async () => {
    const { secret, id } = await mintToken();
    const row = await env.DB.prepare("select * from api_tokens where id = ?")
      .bind(id)
      .first<Record<string, unknown>>();
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(row?.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(secret).toMatch(/^enf_[A-Za-z0-9_-]{43}$/);
  });

  it("shows drafts only to tokens with drafts:read", async () => {
    const editor = await mintToken();
    await createArticle(editor.secret, draftArticle({ slug: "secret-draft" }));
    const anonymous = await request("/api/v1/articles/secret-draft");
    expect(anonymous.status).toBe(404);
    const withScope = await request("/api/v1/articles/secret-draft", {
      headers: { authorization: `Bearer ${editor.secret}` },
    });
    expect(withScope.status).toBe(200);
  });
});
