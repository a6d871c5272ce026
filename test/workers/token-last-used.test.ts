import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { draftArticle } from "../fixtures/articles";
import { resetDatabase } from "./support/database";
import { createArticle, jsonRequest, mintToken } from "./support/helpers";

beforeEach(resetDatabase);

describe("last_used_at", () => {
  const lastUsed = async (id: string) =>
    (
      await env.DB.prepare("select last_used_at as at from api_tokens where id = ?")
        .bind(id)
        .first<{ at: number | null }>()
    )?.at ?? null;

  it("is recorded on use, at most once a minute, without failing the request when it cannot be", async () => {
    const { secret, id } = await mintToken();
    expect(await lastUsed(id)).toBeNull();
    const startedAt = Date.now();
    await createArticle(secret, draftArticle());
    await vi.waitFor(async () => expect(await lastUsed(id)).not.toBeNull());
    const first = (await lastUsed(id)) ?? 0;
    expect(first).toBeGreaterThanOrEqual(startedAt);

    await createArticle(secret, draftArticle());
    await new Promise((r) => setTimeout(r, 100));
    expect(await lastUsed(id)).toBe(first);

    const longAgo = Date.now() - 61_000;
    await env.DB.prepare("update api_tokens set last_used_at = ? where id = ?").bind(longAgo, id).run();
    const res = await jsonRequest("GET", "/api/v1/articles?status=draft", secret, undefined);
    expect(res.status).toBe(200);
    await vi.waitFor(async () => expect(await lastUsed(id)).toBeGreaterThan(longAgo));
  });

  it("never fails a request because recording it fails", async () => {
    const { secret } = await mintToken();
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    await env.DB.exec(
      "create trigger no_last_used before update of last_used_at on api_tokens begin select raise(abort, 'read only'); end",
    );
    try {
      expect((await jsonRequest("POST", "/api/v1/articles", secret, draftArticle())).status).toBe(201);
      await vi.waitFor(() =>
        expect(
          log.mock.calls.map((c) => String(c[0])).some((e) => e.includes("token.last_used.failed")),
        ).toBe(true),
      );
    } finally {
      await env.DB.exec("drop trigger no_last_used");
      log.mockRestore();
    }
  });
});
