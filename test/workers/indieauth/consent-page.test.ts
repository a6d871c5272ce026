import { beforeEach, describe, expect, it } from "vitest";
import { resetDatabase } from "../support/database";
import { signIn } from "../support/desk-kit";
import { authParams, consentPage, pkce } from "./kit";

beforeEach(resetDatabase);

describe("IndieAuth consent page", () => {
  it("shows the client identifier as parsed (an IDN host in punycode), not only the name it claims", async () => {
    const user = await signIn();
    const { challenge } = await pkce();
    const params = authParams(challenge, {
      client_id: "https://bücher.example/app/",
      redirect_uri: "https://bücher.example/app/callback",
    });
    const res = await consentPage(user, params);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("<code>https://xn--bcher-kva.example/app/</code>");
  });

  it("puts each scope's checkbox in a row with its label", async () => {
    const user = await signIn();
    const res = await consentPage(user, authParams((await pkce()).challenge));
    const html = await res.text();
    expect(html).toMatch(/<div class="grant"><input type="checkbox" id="grant-articles:write"/);
  });
});
