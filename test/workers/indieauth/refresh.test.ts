import { beforeEach, describe, expect, it } from "vitest";
import { resetDatabase } from "../support/database";
import { signIn } from "../support/desk-kit";
import { request } from "../support/helpers";
import { form } from "../support/micropub-helpers";
import { approveForCode, authParams, CLIENT_ID, exchange, pkce, redeemFields, tokenCount } from "./kit";

beforeEach(resetDatabase);

interface Pair {
  access_token: string;
  refresh_token: string;
  scope: string;
}

async function firstPair(): Promise<Pair> {
  const user = await signIn();
  const { verifier, challenge } = await pkce();
  const code = await approveForCode(user, authParams(challenge));
  return (await (await exchange(redeemFields(code, verifier))).json()) as Pair;
}

const refresh = (refreshToken: string, extra: Record<string, string> = {}) =>
  exchange({ grant_type: "refresh_token", refresh_token: refreshToken, client_id: CLIENT_ID, ...extra });

const posts = (token: string) =>
  form(token, [
    ["h", "entry"],
    ["content", "刷新令牌测试"],
  ]);

function revoke(token: string) {
  return request("/indieauth/revoke", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ token }),
  });
}

describe("refresh tokens with rotation", () => {
  it("rotates: a new pair with the same scope, the old access token revoked", async () => {
    const first = await firstPair();
    expect(first.refresh_token).toMatch(/^enr_/);
    const res = await refresh(first.refresh_token);
    expect(res.status).toBe(200);
    const second = (await res.json()) as Pair;
    expect(second.scope).toBe(first.scope);
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect((await posts(first.access_token)).status).toBe(401);
    expect((await posts(second.access_token)).status).toBe(201);
  });

  it("a refresh token used twice revokes the whole family", async () => {
    const first = await firstPair();
    const second = (await (await refresh(first.refresh_token)).json()) as Pair;
    const before = await tokenCount();
    const replay = await refresh(first.refresh_token);
    expect(replay.status).toBe(400);
    expect(((await replay.json()) as { error: string }).error).toBe("invalid_grant");
    expect(await tokenCount()).toBe(before);
    expect((await posts(second.access_token)).status).toBe(401);
    expect((await refresh(second.refresh_token)).status).toBe(400);
  });

  it("revoking the access token ends the grant; revoking the refresh token ends its access token", async () => {
    const a = await firstPair();
    await revoke(a.access_token);
    expect(((await (await refresh(a.refresh_token)).json()) as { error: string }).error).toBe(
      "invalid_grant",
    );
    const b = await firstPair();
    expect((await revoke(b.refresh_token)).status).toBe(200);
    expect((await posts(b.access_token)).status).toBe(401);
  });

  it("refuses another client, and a scope wider than granted", async () => {
    const pair = await firstPair();
    const other = await refresh(pair.refresh_token, { client_id: "https://evil.example/" });
    expect(((await other.json()) as { error: string }).error).toBe("invalid_grant");
    const fresh = await firstPair();
    const wider = await refresh(fresh.refresh_token, { scope: "create update media read" });
    expect(((await wider.json()) as { error: string }).error).toBe("invalid_scope");
    const narrower = await refresh((await firstPair()).refresh_token, { scope: "media" });
    expect(((await narrower.json()) as Pair).scope).toBe("media");
  });
});
