import { describe, expect, it } from "vitest";
import { checkAuthorizationRequest } from "../../../src/auth/indieauth/authorization-request";
import { formActionSource, parseRedirectUri } from "../../../src/auth/indieauth/client-id";

// Native apps (RFC 8252 §7.1) come back through a private-use URI scheme listed in their metadata.

const SITE = "https://news.example.com";
const CLIENT_ID = "https://app.example.net/";
const NATIVE = "net.example.app:/oauth/callback";

const metadata = (redirectUris: string[]) => async () =>
  new Response(
    JSON.stringify({ client_id: CLIENT_ID, client_name: "Native app", redirect_uris: redirectUris }),
    {
      headers: { "content-type": "application/json" },
    },
  );

const params = (redirectUri: string) => ({
  response_type: "code",
  client_id: CLIENT_ID,
  redirect_uri: redirectUri,
  state: "s1",
  code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
  code_challenge_method: "S256",
  scope: "create",
});

describe("native app redirect URIs", () => {
  it("accept a private-use scheme the client's metadata lists, and open form-action to that scheme", async () => {
    const check = await checkAuthorizationRequest(params(NATIVE), SITE, metadata([NATIVE]));
    expect(check.kind).toBe("ok");
    if (check.kind !== "ok") return;
    expect(check.request.redirectUri.href).toBe(NATIVE);
    expect(formActionSource(check.request.redirectUri)).toBe("net.example.app:");
    expect(formActionSource(new URL("https://app.example.net/cb"))).toBe("https://app.example.net");
  });

  it("refuse a private-use scheme the metadata does not list", async () => {
    const check = await checkAuthorizationRequest(
      params(NATIVE),
      SITE,
      metadata(["https://app.example.net/cb"]),
    );
    expect(check).toEqual({ kind: "untrusted", reason: "not-listed" });
  });

  it("refuse schemes a browser would run or read, even when listed", async () => {
    for (const uri of [
      "javascript:alert(1)",
      "data:text/html,x",
      "file:///etc/passwd",
      "vbscript:x",
      "blob:x",
    ]) {
      expect(parseRedirectUri(uri), uri).toBeNull();
      const check = await checkAuthorizationRequest(params(uri), SITE, metadata([uri]));
      expect(check, uri).toEqual({ kind: "untrusted", reason: "redirect_uri" });
    }
  });
});
