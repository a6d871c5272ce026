import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { LAST_USED_RESOLUTION_MS, verifyToken } from "../../src/auth/tokens";
import { db, mintToken, request, resetDatabase } from "./helpers";

beforeEach(resetDatabase);

async function lastUsedAt(id: string): Promise<number | null> {
  const row = await env.DB.prepare("select last_used_at from api_tokens where id = ?").bind(id).first();
  return (row?.last_used_at as number | null) ?? null;
}

describe("api_tokens.last_used_at (shown by `token list`)", () => {
  it("is recorded when a token authenticates a request", async () => {
    const { secret, id } = await mintToken(["drafts:read"]);
    expect(await lastUsedAt(id)).toBeNull();
    const before = Date.now();
    const res = await request("/api/v1/articles?status=draft", {
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(res.status).toBe(200);
    expect(await lastUsedAt(id)).toBeGreaterThanOrEqual(before);
  });

  it("is written at most once per resolution window, then moves on", async () => {
    const { secret, id } = await mintToken(["drafts:read"]);
    const t0 = 1_800_000_000_000;
    await verifyToken(db(), secret, t0);
    await verifyToken(db(), secret, t0 + LAST_USED_RESOLUTION_MS - 1);
    expect(await lastUsedAt(id)).toBe(t0);
    await verifyToken(db(), secret, t0 + LAST_USED_RESOLUTION_MS);
    expect(await lastUsedAt(id)).toBe(t0 + LAST_USED_RESOLUTION_MS);
  });

  it("is not touched by a revoked token", async () => {
    const { secret, id } = await mintToken(["drafts:read"]);
    await env.DB.prepare("update api_tokens set revoked_at = 1 where id = ?").bind(id).run();
    expect(await verifyToken(db(), secret, Date.now())).toBeNull();
    expect(await lastUsedAt(id)).toBeNull();
  });
});
