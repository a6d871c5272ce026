import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { resetDatabase } from "../support/database";
import { getPage, signIn } from "../support/desk-kit";
import { mintToken, ORIGIN, request } from "../support/helpers";
import { form } from "../support/micropub-helpers";
import {
  AUTH_PATH,
  answerOf,
  approveForCode,
  authorizeUrl,
  authParams,
  consentPage,
  decide,
  exchange,
  ME,
  pkce,
  REDIRECT_URI,
  redeemFields,
  tokenCount,
} from "./kit";

beforeEach(resetDatabase);

interface TokenAnswer {
  access_token: string;
  token_type: string;
  scope: string;
  me: string;
  expires_in: number;
}

describe("IndieAuth discovery", () => {
  it("names the metadata on the home page (Link header and <link>) with the legacy endpoints", async () => {
    const res = await request("/");
    expect(res.headers.get("link")).toContain(`<${ORIGIN}/indieauth/metadata>; rel="indieauth-metadata"`);
    const html = await res.text();
    expect(html).toContain(`<link rel="indieauth-metadata" href="${ORIGIN}/indieauth/metadata"`);
    expect(html).toContain(`<link rel="authorization_endpoint" href="${ORIGIN}${AUTH_PATH}"`);
    expect(html).toContain(`<link rel="token_endpoint" href="${ORIGIN}/indieauth/token"`);
    expect(html).toContain(`<link rel="micropub" href="${ORIGIN}/micropub"`);
  });

  it("serves the metadata document at its own URL and at the RFC 8414 well-known URL", async () => {
    for (const path of ["/indieauth/metadata", "/.well-known/oauth-authorization-server"]) {
      const res = await request(path);
      expect(res.status).toBe(200);
      const doc = (await res.json()) as Record<string, unknown>;
      expect(doc).toMatchObject({
        issuer: ME,
        authorization_endpoint: `${ORIGIN}${AUTH_PATH}`,
        token_endpoint: `${ORIGIN}/indieauth/token`,
        revocation_endpoint: `${ORIGIN}/indieauth/revoke`,
        introspection_endpoint: `${ORIGIN}/indieauth/introspect`,
        code_challenge_methods_supported: ["S256"],
        response_types_supported: ["code"],
        grant_types_supported: ["authorization_code", "refresh_token"],
        authorization_response_iss_parameter_supported: true,
        revocation_endpoint_auth_methods_supported: ["none"],
      });
      expect(doc.scopes_supported).toEqual(expect.arrayContaining(["create", "update", "media", "draft"]));
      expect(`${ORIGIN}/indieauth/metadata`.startsWith(String(doc.issuer))).toBe(true);
    }
  });
});

describe("IndieAuth full flow", () => {
  it("consent → approve → code → token → Micropub create → revoke → 401", async () => {
    const user = await signIn();
    const { verifier, challenge } = await pkce();
    const params = authParams(challenge);
    const page = await consentPage(user, params);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("app.example.net");
    for (const scope of ["articles:write", "articles:publish"])
      expect(html).toContain(`name="grant.${scope}"`);
    // The form's redirect must be allowed by the page's own CSP (Chrome checks form-action on redirects).
    expect(page.headers.get("content-security-policy")).toContain(
      "form-action 'self' https://app.example.net",
    );

    const approved = answerOf(await decide(user, params, "approve"));
    expect(approved.get("state")).toBe("st-123");
    expect(approved.get("iss")).toBe(ME);
    const code = approved.get("code") ?? "";
    expect(code.length).toBeGreaterThanOrEqual(43);

    const res = await exchange(redeemFields(code, verifier));
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const answer = (await res.json()) as TokenAnswer;
    expect(answer).toMatchObject({ token_type: "Bearer", me: ME, scope: "create update media" });
    expect(answer.expires_in).toBe(30 * 86_400);
    const stored = await env.DB.prepare(
      "select name, client_id, scopes from api_tokens where client_id is not null",
    ).first();
    expect(stored).toEqual({
      name: "https://app.example.net/",
      client_id: "https://app.example.net/",
      scopes: JSON.stringify(["articles:write", "articles:publish"]),
    });

    const config = await request("/micropub?q=config", {
      headers: { authorization: `Bearer ${answer.access_token}` },
    });
    expect(((await config.json()) as Record<string, unknown>)["media-endpoint"]).toBe(
      `${ORIGIN}/api/v1/media`,
    );
    const created = await form(answer.access_token, [
      ["h", "entry"],
      ["name", "市民热线"],
      ["content", "正文。"],
    ]);
    expect(created.status).toBe(201);

    const revoked = await request("/indieauth/revoke", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: answer.access_token }),
    });
    expect(revoked.status).toBe(200);
    const after = await form(answer.access_token, [
      ["h", "entry"],
      ["content", "再来一篇。"],
    ]);
    expect(after.status).toBe(401);
  });

  it("redeems a profile-only code at the authorization endpoint for { me } and issues no token", async () => {
    const user = await signIn();
    const { verifier, challenge } = await pkce();
    const params = authParams(challenge, { scope: "profile" });
    const code = await approveForCode(user, params, []);
    const before = await tokenCount();
    const tokenRes = await exchange(redeemFields(code, verifier));
    expect(tokenRes.status).toBe(400);
    expect(((await tokenRes.json()) as { error: string }).error).toBe("invalid_grant");

    const second = await approveForCode(user, params, []);
    const res = await request(AUTH_PATH, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: new URLSearchParams(redeemFields(second, verifier)),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ me: ME });
    expect(await tokenCount()).toBe(before);
  });

  it("sends a signed-out editor to sign in and back to the exact authorization URL", async () => {
    const { challenge } = await pkce();
    const url = authorizeUrl(authParams(challenge));
    const res = await getPage(url);
    expect(res.status).toBe(303);
    const login = res.headers.get("location") ?? "";
    expect(login).toBe(`/desk/login?return=${encodeURIComponent(url)}`);
    const { secret } = await mintToken(["articles:write", "articles:publish"]);
    const loginPage = await (await getPage(login)).text();
    expect(loginPage).toContain(`name="return" value="${url.replaceAll("&", "&amp;")}"`);
    const signedIn = await request("/desk/login", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN },
      body: new URLSearchParams({ token: secret, return: url }),
      redirect: "manual",
    });
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get("location")).toBe(url);
  });

  it("bounces a cross-site arrival without cookie once through a same-site reload", async () => {
    const { challenge } = await pkce();
    const url = authorizeUrl(authParams(challenge));
    const res = await request(url, { headers: { "sec-fetch-site": "cross-site" }, redirect: "manual" });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(
      `<meta http-equiv="refresh" content="0; url=${url.replaceAll("&", "&amp;")}"`,
    );
  });

  it("deny → access_denied with the state, and no code", async () => {
    const user = await signIn();
    const { challenge } = await pkce();
    const answer = answerOf(await decide(user, authParams(challenge), "deny"));
    expect(answer.get("error")).toBe("access_denied");
    expect(answer.get("state")).toBe("st-123");
    expect(answer.get("iss")).toBe(ME);
    expect(answer.get("code")).toBeNull();
    const codes = await env.DB.prepare("select count(*) as n from indieauth_codes").first<{ n: number }>();
    expect(codes?.n).toBe(0);
  });

  it("echoes the state byte for byte, keeping the redirect URI's own query", async () => {
    const user = await signIn();
    const { challenge } = await pkce();
    const state = "a b&c=d%20é";
    const params = authParams(challenge, { state, redirect_uri: `${REDIRECT_URI}?from=x%2Fy` });
    const location = (await decide(user, params, "approve")).headers.get("location") ?? "";
    expect(location.startsWith(`${REDIRECT_URI}?from=x%2Fy&`)).toBe(true);
    expect(new URL(location).searchParams.get("state")).toBe(state);
  });
});
