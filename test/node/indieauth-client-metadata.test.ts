import { createHash, randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mintToken } from "./desk-kit";
import { type LocalWorker, startWorker } from "./harness";

// Client metadata served by a real HTTP server on 127.0.0.1: the site runs on loopback too, so
// loopback fetches are allowed and only the size, time and redirect bounds stand in the way.

let worker: LocalWorker;
let server: Server;
let clientBase: string;
let cookie: string;
const stalled = new Set<() => void>();

function verifierPair() {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? "/";
    if (path === "/listed/") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          client_id: `${clientBase}/listed/`,
          client_name: "列表客户端",
          redirect_uris: [`${clientBase.replace("127.0.0.1", "localhost")}/cb`],
        }),
      );
    } else if (path === "/huge/") {
      res.writeHead(200, { "content-type": "application/json" });
      const chunk = Buffer.alloc(16 * 1024, 32);
      let sent = 0;
      const pump = () => {
        while (sent < 4 * 1024 * 1024 && res.write(chunk)) sent += chunk.length;
        if (sent < 4 * 1024 * 1024) res.once("drain", pump);
        else res.end();
      };
      res.on("close", () => res.destroy());
      pump();
    } else if (path === "/slow/") {
      // Headers never come: only the timeout ends the wait.
      stalled.add(() => res.destroy());
    } else if (path === "/to-private/") {
      res.writeHead(302, { location: "http://10.0.0.1/app/" });
      res.end();
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  clientBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  worker = await startWorker({ seed: false });
  const { secret } = await mintToken(worker, ["articles:write", "articles:publish", "drafts:read"]);
  const login = await worker.fetch("/desk/login", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: worker.url },
    body: new URLSearchParams({ token: secret }),
    redirect: "manual",
  });
  cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
}, 120_000);

afterAll(async () => {
  for (const end of stalled) end();
  server?.close();
  await worker?.stop();
});

function authorize(clientId: string, redirectUri: string, challenge: string) {
  const params = new URLSearchParams({
    response_type: "code",
    client_id: clientId,
    redirect_uri: redirectUri,
    state: "s1",
    code_challenge: challenge,
    code_challenge_method: "S256",
    scope: "create",
  });
  return worker.fetch(`/desk/indieauth/auth?${params}`, { headers: { cookie }, redirect: "manual" });
}

async function tokenCount() {
  return (await worker.d1.prepare("select count(*) as n from api_tokens").first<{ n: number }>())?.n ?? 0;
}

describe("client metadata bounds against a real server", () => {
  it("trusts a redirect_uri on another origin that the JSON metadata lists, and issues a token", async () => {
    const { verifier, challenge } = verifierPair();
    const redirectUri = `${clientBase.replace("127.0.0.1", "localhost")}/cb`;
    const page = await authorize(`${clientBase}/listed/`, redirectUri, challenge);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("列表客户端");
    const csrf = /name="_csrf" value="([0-9a-f]{64})"/.exec(html)?.[1] ?? "";
    const approve = await worker.fetch("/desk/indieauth/auth", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: worker.url, cookie },
      body: new URLSearchParams({
        _csrf: csrf,
        decision: "approve",
        response_type: "code",
        client_id: `${clientBase}/listed/`,
        redirect_uri: redirectUri,
        state: "s1",
        code_challenge: challenge,
        code_challenge_method: "S256",
        scope: "create",
        "grant.articles:write": "on",
        "grant.articles:publish": "on",
      }),
      redirect: "manual",
    });
    expect(approve.status).toBe(302);
    const code = new URL(approve.headers.get("location") ?? "").searchParams.get("code") ?? "";
    const token = await worker.fetch("/indieauth/token", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        code,
        client_id: `${clientBase}/listed/`,
        redirect_uri: redirectUri,
        code_verifier: verifier,
      }),
    });
    expect(token.status).toBe(200);
    expect(((await token.json()) as { scope: string }).scope).toBe("create");
  }, 60_000);

  it.each([
    ["huge (4 MiB, read only to 64 KiB)", "/huge/", "larger than 64 KiB"],
    ["slow (never answers, cut at 3 s)", "/slow/", "within 3 seconds"],
    ["redirecting to a private address", "/to-private/", "private or reserved address"],
  ])(
    "refuses a foreign redirect_uri when the metadata is %s, issuing nothing",
    async (_name, path, text) => {
      const before = await tokenCount();
      const started = Date.now();
      const page = await authorize(`${clientBase}${path}`, "http://localhost:9/cb", verifierPair().challenge);
      expect(page.status).toBe(400);
      expect(page.headers.get("location")).toBeNull();
      expect(await page.text()).toContain(text);
      // Far below the 30 s a stalled server would hold an unbounded fetch.
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(await tokenCount()).toBe(before);
    },
    60_000,
  );
});
