import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { resetDatabase } from "../support/database";
import { postForm, signIn } from "../support/desk-kit";
import { request } from "../support/helpers";
import { form } from "../support/micropub-helpers";
import {
  AUTH_PATH,
  answerOf,
  approveForCode,
  authParams,
  consentPage,
  decide,
  exchange,
  pkce,
  redeemFields,
  tokenCount,
} from "./kit";

beforeEach(resetDatabase);

async function oauthError(res: Response) {
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  expect(res.headers.get("cache-control")).toBe("no-store");
  return ((await res.json()) as { error: string; error_description: string }).error;
}

async function codeFor(scopes?: string[]) {
  const user = await signIn();
  const { verifier, challenge } = await pkce();
  const code = await approveForCode(user, authParams(challenge), scopes);
  return { user, verifier, code };
}

describe("token endpoint refusals (nothing issued)", () => {
  it("refuses a wrong code_verifier", async () => {
    const { code } = await codeFor();
    const before = await tokenCount();
    const wrong = await pkce();
    const res = await exchange(redeemFields(code, wrong.verifier));
    expect(res.status).toBe(400);
    expect(await oauthError(res)).toBe("invalid_grant");
    expect(await tokenCount()).toBe(before);
  });

  it("refuses a reused code and revokes the token the first use issued", async () => {
    const { code, verifier } = await codeFor();
    const first = (await (await exchange(redeemFields(code, verifier))).json()) as { access_token: string };
    const before = await tokenCount();
    const again = await exchange(redeemFields(code, verifier));
    expect(again.status).toBe(400);
    expect(await oauthError(again)).toBe("invalid_grant");
    expect(await tokenCount()).toBe(before);
    const refused = await form(first.access_token, [
      ["h", "entry"],
      ["content", "不应发布"],
    ]);
    expect(refused.status).toBe(401);
  });

  it("refuses an expired code (older than ten minutes)", async () => {
    const { code, verifier } = await codeFor();
    await env.DB.prepare("update indieauth_codes set expires_at = ?")
      .bind(Date.now() - 1)
      .run();
    const before = await tokenCount();
    const res = await exchange(redeemFields(code, verifier));
    expect(await oauthError(res)).toBe("invalid_grant");
    expect(await tokenCount()).toBe(before);
  });

  it("refuses a code presented by another client or for another redirect URI", async () => {
    const mismatches: Record<string, string>[] = [
      { client_id: "https://evil.example/" },
      { redirect_uri: "https://app.example.net/other" },
    ];
    for (const extra of mismatches) {
      const { code, verifier } = await codeFor();
      const before = await tokenCount();
      const res = await exchange(redeemFields(code, verifier, extra));
      expect(await oauthError(res)).toBe("invalid_grant");
      expect(await tokenCount()).toBe(before);
    }
  });

  it("refuses a code whose approving editor's token was revoked since", async () => {
    const { code, verifier, user } = await codeFor();
    await env.DB.prepare("update api_tokens set revoked_at = ? where id = ?")
      .bind(Date.now(), user.tokenId)
      .run();
    const before = await tokenCount();
    expect(await oauthError(await exchange(redeemFields(code, verifier)))).toBe("invalid_grant");
    expect(await tokenCount()).toBe(before);
  });

  it("answers bad requests with the OAuth error and status", async () => {
    const before = await tokenCount();
    const grant = await exchange({ grant_type: "password", username: "a", password: "b" });
    expect(grant.status).toBe(400);
    expect(await oauthError(grant)).toBe("unsupported_grant_type");
    const missing = await exchange({ grant_type: "authorization_code", code: "x" });
    expect(await oauthError(missing)).toBe("invalid_request");
    const unknown = await exchange(redeemFields("not-a-code", (await pkce()).verifier));
    expect(await oauthError(unknown)).toBe("invalid_grant");
    const json = await request("/indieauth/token", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ grant_type: "authorization_code" }),
    });
    expect(json.status).toBe(400);
    expect(await oauthError(json)).toBe("invalid_request");
    expect(await tokenCount()).toBe(before);
  });
});

describe("authorization endpoint refusals", () => {
  it("shows an error page, never a redirect, for a redirect_uri on another origin that no metadata lists", async () => {
    const user = await signIn();
    const { challenge } = await pkce();
    const params = authParams(challenge, { redirect_uri: "https://elsewhere.example/cb" });
    const page = await consentPage(user, params);
    expect(page.status).toBe(400);
    expect(page.headers.get("location")).toBeNull();
    expect(await page.text()).toContain("metadata could not be read");
    const posted = await decide(user, params, "approve");
    expect(posted.status).toBe(400);
    const codes = await env.DB.prepare("select count(*) as n from indieauth_codes").first<{ n: number }>();
    expect(codes?.n).toBe(0);
  });

  it("shows an error page for a client_id that is not a valid client identifier", async () => {
    const user = await signIn();
    const { challenge } = await pkce();
    for (const clientId of [
      "https://10.0.0.1/app",
      "https://app.example.net/../x",
      "ftp://app.example.net/",
      "https://u:p@app.example.net/",
    ]) {
      const page = await consentPage(user, authParams(challenge, { client_id: clientId }));
      expect(page.status, clientId).toBe(400);
    }
  });

  it.each([
    ["missing PKCE", { code_challenge: "" }, "invalid_request"],
    ["plain PKCE", { code_challenge_method: "plain" }, "invalid_request"],
    ["unsupported response_type", { response_type: "token" }, "unsupported_response_type"],
    ["missing state", { state: "" }, "invalid_request"],
    ["me of another site", { me: "https://someone.example/" }, "invalid_request"],
  ])("redirects %s back with its error, state and iss, issuing no code", async (_name, extra, error) => {
    const user = await signIn();
    const { challenge } = await pkce();
    const params = authParams(challenge, extra);
    for (const res of [await consentPage(user, params), await decide(user, params, "approve")]) {
      const answer = answerOf(res);
      expect(answer.get("error")).toBe(error);
      expect(answer.get("iss")).toBe("https://news.example.com/");
      expect(answer.get("code")).toBeNull();
      if (params.state) expect(answer.get("state")).toBe(params.state);
    }
    const codes = await env.DB.prepare("select count(*) as n from indieauth_codes").first<{ n: number }>();
    expect(codes?.n).toBe(0);
  });

  it("refuses the consent form without the desk's form token or from another origin", async () => {
    const user = await signIn();
    const { challenge } = await pkce();
    const fields = { ...authParams(challenge), decision: "approve", "grant.articles:write": "on" };
    expect((await postForm(AUTH_PATH, fields, { cookie: user.cookie })).status).toBe(403);
    const foreign = await postForm(
      AUTH_PATH,
      { ...fields, _csrf: user.csrf },
      { cookie: user.cookie, origin: "https://evil.example" },
    );
    expect(foreign.status).toBe(403);
    const codes = await env.DB.prepare("select count(*) as n from indieauth_codes").first<{ n: number }>();
    expect(codes?.n).toBe(0);
  });
});

describe("scopes never wider than the editor's", () => {
  it("offers only what the editor holds and narrows a forged form to it", async () => {
    const user = await signIn(["articles:write"]);
    const { verifier, challenge } = await pkce();
    const params = authParams(challenge, { scope: "create update media draft read" });
    const html = await (await consentPage(user, params)).text();
    expect(html).toMatch(/name="grant\.articles:publish" value="on" disabled/);
    expect(html).toMatch(/name="grant\.drafts:read" value="on" disabled/);
    const code = await approveForCode(user, params, [
      "articles:write",
      "articles:publish",
      "drafts:read",
      "admin",
    ]);
    const answer = (await (await exchange(redeemFields(code, verifier))).json()) as { scope: string };
    expect(answer.scope).toBe("media draft");
    const row = await env.DB.prepare("select scopes from api_tokens where client_id is not null").first();
    expect(row?.scopes).toBe(JSON.stringify(["articles:write"]));
  });

  it("lets the editor narrow further by unticking a box", async () => {
    const { verifier, code } = await codeFor(["articles:write"]);
    const answer = (await (await exchange(redeemFields(code, verifier))).json()) as { scope: string };
    expect(answer.scope).toBe("media");
  });
});
