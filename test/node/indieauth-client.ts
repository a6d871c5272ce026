import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import * as oauth from "oauth4webapi";
import type { Locator, Page } from "playwright-core";

// A stand-in IndieAuth client (as Quill is) on 127.0.0.1: it publishes a JSON client metadata
// document at its client_id, sends the browser to the authorization URL it is given, and records
// every redirect that comes back to its callback.

export const CLIENT_NAME = "Quill-like test client";

export interface LocalClient {
  base: string;
  clientId: string;
  redirectUri: string;
  logoUri: string;
  /** Where the browser starts the sign-in: answers 302 to the authorization URL set last. */
  startUrl: string;
  startWith(authorizationUrl: URL): void;
  /** The callback URLs received so far, in order. */
  callbacks: URL[];
  stop(): Promise<void>;
}

/** A 1×1 PNG (signature, IHDR, IDAT, IEND) for the client's logo. */
const LOGO = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYPj/HwADAgH/1m5jJwAAAABJRU5ErkJggg==",
  "base64",
);

export async function startLocalClient(): Promise<LocalClient> {
  let authorizationUrl: URL | null = null;
  const callbacks: URL[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", client.base);
    if (url.pathname === "/app/") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          client_id: client.clientId,
          client_name: CLIENT_NAME,
          client_uri: client.clientId,
          logo_uri: client.logoUri,
          redirect_uris: [client.redirectUri],
        }),
      );
    } else if (url.pathname === "/app/logo.png") {
      res.writeHead(200, { "content-type": "image/png" });
      res.end(LOGO);
    } else if (url.pathname === "/app/start" && authorizationUrl) {
      res.writeHead(302, { location: authorizationUrl.href });
      res.end();
    } else if (url.pathname === "/app/callback") {
      callbacks.push(url);
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end("<!doctype html><title>Signed in</title><p>Back at the client.</p>");
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client: LocalClient = {
    base,
    clientId: `${base}/app/`,
    redirectUri: `${base}/app/callback`,
    logoUri: `${base}/app/logo.png`,
    startUrl: `${base}/app/start`,
    startWith(url) {
      authorizationUrl = url;
    },
    callbacks,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return client;
}

/** `Link: <…>; rel="…"` targets of one relation, resolved against the page's URL. */
export function linkHeaderTargets(header: string | null, rel: string, base: string): string[] {
  const targets: string[] = [];
  for (const match of (header ?? "").matchAll(/<([^>]*)>\s*((?:;\s*[^;,]+)*)/g)) {
    const rels = /rel="?([^";]+)"?/i.exec(match[2] ?? "")?.[1]?.split(/\s+/) ?? [];
    if (rels.includes(rel)) targets.push(new URL(match[1] ?? "", base).href);
  }
  return targets;
}

/** `<link rel="…" href="…">` targets in an HTML page (rel before href, as the site writes them). */
export function htmlLinkTargets(html: string, rel: string, base: string): string[] {
  const pattern = /<link\s+[^>]*rel="([^"]+)"[^>]*href="([^"]+)"/gi;
  return [...html.matchAll(pattern)]
    .filter((m) => (m[1] ?? "").split(/\s+/).includes(rel))
    .map((m) => new URL((m[2] ?? "").replaceAll("&amp;", "&"), base).href);
}

/**
 * The metadata URLs the site's home page names, and the document at the first, checked by
 * oauth4webapi against the expected issuer (the site's origin with a slash).
 */
export async function discoverMetadata(siteUrl: string) {
  const home = await fetch(siteUrl);
  const html = await home.text();
  const fromHeader = linkHeaderTargets(home.headers.get("link"), "indieauth-metadata", siteUrl);
  const fromHtml = htmlLinkTargets(html, "indieauth-metadata", siteUrl);
  const metadata = await fetch(fromHeader[0] ?? fromHtml[0] ?? siteUrl);
  const server = await oauth.processDiscoveryResponse(new URL(`${new URL(siteUrl).origin}/`), metadata);
  return { fromHeader, fromHtml, server };
}

/** Micropub §5.3: the Link header first, then the page's <link>. */
export async function micropubEndpoint(siteUrl: string): Promise<URL> {
  const home = await fetch(siteUrl);
  const found = [
    ...linkHeaderTargets(home.headers.get("link"), "micropub", siteUrl),
    ...htmlLinkTargets(await home.text(), "micropub", siteUrl),
  ][0];
  if (!found) throw new Error(`${siteUrl} names no Micropub endpoint`);
  return new URL(found);
}

/** How far apart (px) the vertical centres of a form control and its `<label for>` are drawn. */
export async function labelOffset(page: Page, control: Locator): Promise<number> {
  const label = page.locator(`label[for="${await control.getAttribute("id")}"]`);
  const [a, b] = [await control.boundingBox(), await label.boundingBox()];
  if (!a || !b) throw new Error("the control or its label is not drawn");
  return Math.abs(a.y + a.height / 2 - (b.y + b.height / 2));
}
