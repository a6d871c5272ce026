import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { resetDatabase } from "../support/database";
import { getPage, postForm, signIn } from "../support/desk-kit";
import { mintToken, request } from "../support/helpers";
import { form } from "../support/micropub-helpers";
import { approveForCode, authParams, CLIENT_ID, exchange, ME, pkce, redeemFields } from "./kit";

beforeEach(resetDatabase);

async function issueToken(scopes?: string[]) {
  const user = await signIn();
  const { verifier, challenge } = await pkce();
  const code = await approveForCode(user, authParams(challenge), scopes);
  const answer = (await (await exchange(redeemFields(code, verifier))).json()) as { access_token: string };
  return answer.access_token;
}

function introspect(token: string, bearer: string | null) {
  return request("/indieauth/introspect", {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
    },
    body: new URLSearchParams({ token }),
  });
}

describe("introspection (RFC 7662 + IndieAuth)", () => {
  it("describes an active token to itself and to an admin", async () => {
    const token = await issueToken();
    const admin = await mintToken(["admin"]);
    for (const bearer of [token, admin.secret]) {
      const res = await introspect(token, bearer);
      expect(res.status).toBe(200);
      const body = (await res.json()) as Record<string, unknown>;
      expect(body).toMatchObject({
        active: true,
        me: ME,
        client_id: CLIENT_ID,
        scope: "articles:write articles:publish",
      });
      expect(body.exp).toBe((body.iat as number) + 30 * 86_400);
    }
  });

  it("requires a bearer token, and tells another non-admin token nothing", async () => {
    const token = await issueToken();
    const unauthenticated = await introspect(token, null);
    expect(unauthenticated.status).toBe(401);
    expect(((await unauthenticated.json()) as { error: string }).error).toBe("invalid_token");
    const other = await mintToken(["articles:write"]);
    expect(await (await introspect(token, other.secret)).json()).toEqual({ active: false });
  });

  it("answers active:false for revoked, expired and unknown tokens", async () => {
    const admin = await mintToken(["admin"]);
    const revoked = await issueToken();
    await request("/indieauth/revoke", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: revoked }),
    });
    const expired = await issueToken();
    await env.DB.prepare(
      "update api_tokens set expires_at = ? where client_id is not null and revoked_at is null",
    )
      .bind(Date.now() - 1)
      .run();
    for (const token of [revoked, expired, "enf_unknown"]) {
      expect(await (await introspect(token, admin.secret)).json(), token).toEqual({ active: false });
    }
  });
});

describe("revocation (RFC 7009)", () => {
  it("answers 200 for an unknown token, and the legacy action=revoke on the token endpoint works", async () => {
    const unknown = await request("/indieauth/revoke", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: "enf_nothing" }),
    });
    expect(unknown.status).toBe(200);
    const token = await issueToken();
    const legacy = await exchange({ action: "revoke", token });
    expect(legacy.status).toBe(200);
    expect(
      (
        await form(token, [
          ["h", "entry"],
          ["content", "x"],
        ])
      ).status,
    ).toBe(401);
  });
});

describe("apps on the desk's sessions page", () => {
  it("lists the app's token with its client and revokes it", async () => {
    const token = await issueToken();
    const admin = await signIn(["admin"]);
    const page = await (await getPage("/desk/sessions", admin.cookie)).text();
    expect(page).toContain(CLIENT_ID);
    const id = /name="token" value="(tok_[A-Za-z0-9_-]{12})"/.exec(page)?.[1] ?? "";
    expect(id).not.toBe("");
    const res = await postForm(
      "/desk/indieauth/tokens/revoke",
      { _csrf: admin.csrf, token: id },
      { cookie: admin.cookie },
    );
    expect(res.status).toBe(303);
    expect(
      (
        await form(token, [
          ["h", "entry"],
          ["content", "x"],
        ])
      ).status,
    ).toBe(401);
    expect(await (await getPage("/desk/sessions", admin.cookie)).text()).not.toContain(`value="${id}"`);
  });

  it("refuses the revoke to a non-admin and without the form token", async () => {
    const token = await issueToken();
    const row = await env.DB.prepare("select id from api_tokens where client_id is not null").first<{
      id: string;
    }>();
    const editor = await signIn(["articles:write"]);
    expect(
      (
        await postForm(
          "/desk/indieauth/tokens/revoke",
          { _csrf: editor.csrf, token: row?.id ?? "" },
          { cookie: editor.cookie },
        )
      ).status,
    ).toBe(403);
    const admin = await signIn(["admin"]);
    expect(
      (await postForm("/desk/indieauth/tokens/revoke", { token: row?.id ?? "" }, { cookie: admin.cookie }))
        .status,
    ).toBe(403);
    expect(
      (
        await form(token, [
          ["h", "entry"],
          ["content", "还能用"],
        ])
      ).status,
    ).toBe(201);
  });
});
