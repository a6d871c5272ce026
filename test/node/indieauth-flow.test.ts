import { existsSync } from "node:fs";
import path from "node:path";
import * as oauth from "oauth4webapi";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { png } from "../fixtures/images";
import { CHROMIUM, launchBrowser } from "./chromium";
import { sampleTokenLink } from "./desk-kit";
import { type LocalWorker, startWorker } from "./harness";
import {
  CLIENT_NAME,
  discoverMetadata,
  type LocalClient,
  labelOffset,
  micropubEndpoint,
  startLocalClient,
} from "./indieauth-client";

// A real client library (oauth4webapi) signs in through IndieAuth against the built worker, with the
// consent given in Chromium. Both sides run on 127.0.0.1 over http, which oauth4webapi refuses unless
// each call carries `allowInsecureRequests`. IndieAuth's own steps the library does not know (discovery
// from the site URL, the `me` check) are done by hand.

const SHOTS = path.resolve("test-results/indieauth");
const skip = process.env.SKIP_BROWSER === "1" || (!existsSync(CHROMIUM) && process.env.CI !== "true");
const insecure = { [oauth.allowInsecureRequests]: true } as const;

let worker: LocalWorker;
let client: LocalClient;
let browser: Browser;
let context: BrowserContext;
let page: Page;

/** What the client knows once it found the site's metadata. */
let as: oauth.AuthorizationServer;
let oauthClient: oauth.Client;
const publicClient = oauth.None();

/** IndieAuth §4.1 by hand: both the Link header and the <link> name the metadata, as one URL. */
async function discover(siteUrl: string): Promise<oauth.AuthorizationServer> {
  const { fromHeader, fromHtml, server } = await discoverMetadata(siteUrl);
  expect(fromHeader).toHaveLength(1);
  expect(fromHtml).toEqual(fromHeader);
  expect(fromHeader[0]?.startsWith(server.issuer)).toBe(true);
  return server;
}

function authorizationUrl(state: string, challenge: string, scope: string): URL {
  const url = new URL(as.authorization_endpoint ?? "");
  url.search = new URLSearchParams({
    response_type: "code",
    client_id: client.clientId,
    redirect_uri: client.redirectUri,
    state,
    code_challenge: challenge,
    code_challenge_method: "S256",
    scope,
    me: `${worker.url}/`,
  }).toString();
  return url;
}

/** The browser goes to the client, which sends it to the authorization URL: the consent page. */
async function openConsent(url: URL): Promise<void> {
  client.startWith(url);
  await page.goto(client.startUrl);
  expect(page.url().startsWith(as.authorization_endpoint ?? "-")).toBe(true);
}

async function decideAndReturn(decision: "approve" | "deny"): Promise<URL> {
  const before = client.callbacks.length;
  await Promise.all([
    page.waitForURL((url) => url.href.startsWith(client.redirectUri)),
    page.click(`button[name="decision"][value="${decision}"]`),
  ]);
  expect(client.callbacks).toHaveLength(before + 1);
  return client.callbacks[before] as URL;
}

async function tokenCount(): Promise<number> {
  const row = await worker.d1.prepare("select count(*) as n from api_tokens").first<{ n: number }>();
  return row?.n ?? 0;
}

describe.skipIf(skip)("IndieAuth end to end: oauth4webapi client, consent in Chromium", () => {
  beforeAll(async () => {
    [worker, client] = await Promise.all([startWorker({ seed: false }), startLocalClient()]);
    oauthClient = { client_id: client.clientId, token_endpoint_auth_method: "none" };
    browser = await launchBrowser(SHOTS);
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "zh-CN" });
    // Nothing leaves the machine: only the worker and the local client are reachable.
    const allowed = new Set([new URL(worker.url).origin, client.base]);
    await context.route(
      (url) => !allowed.has(url.origin),
      (route) => route.abort(),
    );
    page = await context.newPage();
    await page.goto(await sampleTokenLink(worker));
    expect(new URL(page.url()).pathname).toBe("/desk");
    as = await discover(worker.url);
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await client?.stop();
    await worker?.stop();
  });

  it("discovers, approves, exchanges, posts a Chinese h-entry with a photo, introspects, revokes", async () => {
    expect(as.code_challenge_methods_supported).toEqual(["S256"]);
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    await openConsent(
      authorizationUrl(state, await oauth.calculatePKCECodeChallenge(verifier), "create media"),
    );

    const clientLink = page.getByRole("link", { name: CLIENT_NAME });
    expect(await clientLink.isVisible()).toBe(true);
    expect(await clientLink.getAttribute("href")).toBe(client.clientId);
    // The desk's CSP allows https images only: a client's http logo is not fetched (nor shown).
    expect(await page.locator(`img[src="${client.logoUri}"]`).count()).toBe(0);
    const boxes = page.locator('input[type="checkbox"][name^="grant."]');
    expect(await boxes.evaluateAll((els) => els.map((el) => (el as HTMLInputElement).name))).toEqual([
      "grant.articles:write",
      "grant.articles:publish",
    ]);
    for (const box of await boxes.all()) {
      expect(await box.isChecked()).toBe(true);
      // Each box sits on its label's line, so the editor sees which scope it narrows.
      expect(await labelOffset(page, box)).toBeLessThan(12);
    }
    expect(await page.locator("main code").allInnerTexts()).toContain(client.clientId);
    await page.screenshot({ path: path.join(SHOTS, "consent-1280.png"), fullPage: true });

    const callback = await decideAndReturn("approve");
    const params = oauth.validateAuthResponse(as, oauthClient, callback, state);
    const grant = await oauth.authorizationCodeGrantRequest(
      as,
      oauthClient,
      publicClient,
      params,
      client.redirectUri,
      verifier,
      insecure,
    );
    const tokens = await oauth.processAuthorizationCodeResponse(as, oauthClient, grant);
    expect(tokens.token_type).toBe("bearer");
    expect(tokens.scope).toBe("create media");
    // IndieAuth §5.3.3 by hand: `me` must share the issuer's authorization server.
    expect(tokens.me).toBe(`${worker.url}/`);
    expect((await discover(String(tokens.me))).issuer).toBe(as.issuer);
    const accessToken = tokens.access_token;

    const micropub = await micropubEndpoint(worker.url);
    const configUrl = new URL("?q=config", micropub);
    const config = await oauth.protectedResourceRequest(
      accessToken,
      "GET",
      configUrl,
      undefined,
      null,
      insecure,
    );
    const mediaEndpoint = ((await config.json()) as { "media-endpoint": string })["media-endpoint"];
    const upload = await oauth.protectedResourceRequest(
      accessToken,
      "POST",
      new URL(mediaEndpoint),
      new Headers({ "content-type": "image/png" }),
      png(640, 360),
      insecure,
    );
    expect(upload.status).toBe(201);
    const photoUrl = upload.headers.get("location") ?? "";
    expect(photoUrl.startsWith(`${worker.url}/media/`)).toBe(true);

    const title = "古城墙修缮完工，市民周末可登城";
    const entry = new URLSearchParams({
      h: "entry",
      name: title,
      content: "历时两年的修缮工程昨日完工，城墙步道将于本周末向市民开放。",
      photo: photoUrl,
      "category[]": "城市",
    });
    const created = await oauth.protectedResourceRequest(
      accessToken,
      "POST",
      micropub,
      new Headers({ "content-type": "application/x-www-form-urlencoded" }),
      entry,
      insecure,
    );
    expect(created.status).toBe(201);
    const articleUrl = created.headers.get("location") ?? "";
    const photoPath = new URL(photoUrl).pathname;

    const rss = await (await fetch(`${worker.url}/feed.xml`)).text();
    const rssItem = rss.split("<item>").find((item) => item.includes(`<link>${articleUrl}</link>`)) ?? "";
    expect(rssItem).toMatch(new RegExp(`<title>(<!\\[CDATA\\[)?${title}(\\]\\]>)?</title>`));
    expect(rssItem).toMatch(new RegExp(`<media:content[^>]*url="${worker.url}${photoPath}"`));
    const feed = (await (await fetch(`${worker.url}/feed.json`)).json()) as {
      items: { url: string; title: string; image?: string }[];
    };
    expect(feed.items.find((item) => item.url === articleUrl)).toMatchObject({
      title,
      image: `${worker.url}${photoPath}`,
    });

    // The resource server's view: introspection with its own (admin) bearer token, before and after.
    // The metadata says `introspection_endpoint_auth_methods_supported: ["Bearer"]`, which is no
    // RFC 8414 client authentication the library ships, so it goes in as a ClientAuth of our own.
    const resourceServerAuth: oauth.ClientAuth = (_as, _client, _body, headers) => {
      headers.set("authorization", `Bearer ${worker.token}`);
    };
    const introspect = async () =>
      oauth.processIntrospectionResponse(
        as,
        oauthClient,
        await oauth.introspectionRequest(as, oauthClient, resourceServerAuth, accessToken, insecure),
      );
    expect(await introspect()).toMatchObject({
      active: true,
      me: `${worker.url}/`,
      client_id: client.clientId,
      scope: "articles:write articles:publish",
    });
    const revoked = await oauth.revocationRequest(as, oauthClient, publicClient, accessToken, insecure);
    await oauth.processRevocationResponse(revoked);
    expect(await introspect()).toEqual({ active: false });

    const refused = oauth.protectedResourceRequest(
      accessToken,
      "POST",
      micropub,
      new Headers({ "content-type": "application/x-www-form-urlencoded" }),
      new URLSearchParams({ h: "entry", content: "撤销之后不应再发出。" }),
      insecure,
    );
    await expect(refused).rejects.toMatchObject({
      name: "WWWAuthenticateChallengeError",
      status: 401,
    });
  }, 120_000);

  it("a denied consent returns error=access_denied with the exact state, and issues nothing", async () => {
    const before = await tokenCount();
    const state = "状态 & state=1/2?x+y";
    const challenge = await oauth.calculatePKCECodeChallenge(oauth.generateRandomCodeVerifier());
    await openConsent(authorizationUrl(state, challenge, "create"));
    const callback = await decideAndReturn("deny");
    expect(callback.searchParams.get("error")).toBe("access_denied");
    expect(callback.searchParams.get("state")).toBe(state);
    expect(callback.searchParams.get("code")).toBeNull();
    expect(() => oauth.validateAuthResponse(as, oauthClient, callback, state)).toThrow(
      oauth.AuthorizationResponseError,
    );
    expect(await tokenCount()).toBe(before);
  }, 60_000);
});
