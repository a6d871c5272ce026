import { describe, expect, it } from "vitest";
import { isFetchAllowed } from "../../../src/auth/indieauth/address-rules";
import { fetchClientMetadata, METADATA_MAX_BYTES } from "../../../src/auth/indieauth/client-metadata";
import { signIn } from "../support/desk-kit";
import { authParams, consentPage, pkce } from "./kit";

const PUBLIC_SITE = "https://news.example.com";
const LOCAL_SITE = "http://127.0.0.1:8787";
const CLIENT = new URL("https://app.example.net/");

describe("address rules", () => {
  it.each([
    "http://10.1.2.3/",
    "http://172.16.0.1/",
    "http://172.31.255.255/",
    "http://192.168.1.1/",
    "http://127.0.0.1:8080/",
    "http://169.254.169.254/latest/meta-data",
    "http://0.0.0.0/",
    "http://100.64.0.1/",
    "http://[::1]/",
    "http://[::]/",
    "http://[fc00::1]/",
    "http://[fd12:3456::1]/",
    "http://[fe80::1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:10.0.0.1]/",
    "http://localhost/",
    "http://app.localhost/",
    "http://2130706433/",
    "http://0x7f.1/",
    "file:///etc/passwd",
    "https://user:pw@app.example.net/",
  ])("refuses %s for a public site", (url) => {
    expect(isFetchAllowed(new URL(url), PUBLIC_SITE)).toBe(false);
  });

  it.each(["https://app.example.net/", "http://172.32.0.1/", "http://100.128.0.1/", "http://[2001:db8::1]/"])(
    "allows %s",
    (url) => {
      expect(isFetchAllowed(new URL(url), PUBLIC_SITE)).toBe(true);
    },
  );

  it("allows loopback, and only loopback, when the site itself runs on loopback", () => {
    expect(isFetchAllowed(new URL("http://127.0.0.1:9000/"), LOCAL_SITE)).toBe(true);
    expect(isFetchAllowed(new URL("http://localhost:9000/"), "http://localhost:8787")).toBe(true);
    expect(isFetchAllowed(new URL("http://[::1]:9000/"), "http://[::1]:8787")).toBe(true);
    expect(isFetchAllowed(new URL("http://10.0.0.1/"), LOCAL_SITE)).toBe(false);
    expect(isFetchAllowed(new URL("http://169.254.169.254/"), LOCAL_SITE)).toBe(false);
  });
});

function respond(body: BodyInit | null, init: ResponseInit = {}) {
  return () => Promise.resolve(new Response(body, init));
}

describe("client metadata fetch", () => {
  it("reads a JSON client metadata document", async () => {
    const doc = {
      client_id: CLIENT.href,
      client_name: "报社写作工具",
      client_uri: CLIENT.href,
      logo_uri: "https://app.example.net/logo.png",
      redirect_uris: ["https://other.example/cb"],
    };
    const result = await fetchClientMetadata(
      CLIENT,
      PUBLIC_SITE,
      respond(JSON.stringify(doc), { headers: { "content-type": "application/json" } }),
    );
    expect(result).toEqual({
      ok: true,
      info: { name: "报社写作工具", uri: CLIENT.href, logo: doc.logo_uri, redirectUris: doc.redirect_uris },
    });
  });

  it("refuses a document that speaks for another client_id", async () => {
    const doc = JSON.stringify({
      client_id: "https://evil.example/",
      redirect_uris: ["https://evil.example/cb"],
    });
    const fetcher = respond(doc, { headers: { "content-type": "application/json" } });
    expect(await fetchClientMetadata(CLIENT, PUBLIC_SITE, fetcher)).toEqual({
      ok: false,
      reason: "client-id-mismatch",
    });
  });

  it("reads an h-app with its redirect_uri links", async () => {
    const html = `<html><head><link rel="redirect_uri" href="/cb"></head><body>
      <div class="h-app"><img class="u-logo" src="/logo.png"><a class="u-url p-name" href="/">Quill &amp; Co</a></div></body></html>`;
    const result = await fetchClientMetadata(
      CLIENT,
      PUBLIC_SITE,
      respond(html, { headers: { "content-type": "text/html" } }),
    );
    expect(result).toEqual({
      ok: true,
      info: {
        name: "Quill & Co",
        uri: CLIENT.href,
        logo: "https://app.example.net/logo.png",
        redirectUris: ["https://app.example.net/cb"],
      },
    });
  });

  it("drops javascript: and data: URLs from an h-app", async () => {
    const html = `<div class="h-app"><a class="u-url p-name" href="javascript:alert(1)">X</a><img class="u-logo" src="data:image/png;base64,AA"></div>`;
    const result = await fetchClientMetadata(
      CLIENT,
      PUBLIC_SITE,
      respond(html, { headers: { "content-type": "text/html" } }),
    );
    expect(result).toEqual({ ok: true, info: { name: "X", uri: null, logo: null, redirectUris: [] } });
  });

  it("stops reading past 64 KiB and cancels the stream", async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(8192).fill(32));
      },
    });
    const result = await fetchClientMetadata(
      CLIENT,
      PUBLIC_SITE,
      respond(endless, { headers: { "content-type": "application/json" } }),
    );
    expect(result).toEqual({ ok: false, reason: "too-large" });
    expect(pulled * 8192).toBeLessThan(METADATA_MAX_BYTES * 2);
  });

  it("re-checks every redirect target and follows at most three", async () => {
    const toPrivate = respond(null, { status: 302, headers: { location: "http://169.254.169.254/" } });
    expect(await fetchClientMetadata(CLIENT, PUBLIC_SITE, toPrivate)).toEqual({
      ok: false,
      reason: "private-address",
    });
    let hops = 0;
    const loop = () => {
      hops++;
      return Promise.resolve(new Response(null, { status: 301, headers: { location: `/hop${hops}` } }));
    };
    expect(await fetchClientMetadata(CLIENT, PUBLIC_SITE, loop)).toEqual({
      ok: false,
      reason: "too-many-redirects",
    });
    expect(hops).toBe(4);
  });
});

describe("authorization with a client on a private address (public site)", () => {
  it("refuses a foreign redirect_uri when the metadata is on a loopback address", async () => {
    const user = await signIn();
    const { challenge } = await pkce();
    const params = authParams(challenge, {
      client_id: "http://127.0.0.1:9/app",
      redirect_uri: "https://other.example/cb",
    });
    const page = await consentPage(user, params);
    expect(page.status).toBe(400);
    expect(await page.text()).toContain("private or reserved address");
  });

  it("still serves a loopback client whose redirect_uri is on its own origin, named by its client_id", async () => {
    const user = await signIn();
    const { challenge } = await pkce();
    const params = authParams(challenge, {
      client_id: "http://127.0.0.1:9/app",
      redirect_uri: "http://127.0.0.1:9/cb",
    });
    const page = await consentPage(user, params);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("http://127.0.0.1:9/app");
  });
});
