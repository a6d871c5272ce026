// `npm start` as a newcomer runs it: a real `wrangler dev` on a free port, with its local state in a
// temporary directory (--persist-to) so the worktree's own .wrangler/state is never touched.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../scripts/lib/local-worker.mjs";
import { ROOT, runNpm } from "./cli";

interface StartRun {
  child: ChildProcess;
  output: string;
  code: Promise<number>;
}

function npmStart(port: number, persistTo: string): StartRun {
  const child = spawn("node", ["--import", "tsx", "scripts/start.ts", "--persist-to", persistTo], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), SITE_URL: "" }, // empty: derive it from PORT
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const run: StartRun = {
    child,
    output: "",
    code: new Promise((resolve) => child.on("exit", (code) => resolve(code ?? 1))),
  };
  child.stdout?.on("data", (chunk) => {
    run.output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    run.output += chunk;
  });
  return run;
}

async function untilReady(run: StartRun): Promise<string> {
  for (let waited = 0; waited < 90_000; waited += 250) {
    const token = /^\s+(enf_[A-Za-z0-9_-]{43})$/m.exec(run.output)?.[1];
    if (token && run.output.includes("Stop with Ctrl-C")) return token;
    if (run.child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`npm start did not come up:\n${run.output}`);
}

async function stop(run: StartRun) {
  if (run.child.exitCode === null && run.child.pid) process.kill(-run.child.pid, "SIGINT");
  await run.code;
}

const authGet = (url: string, token: string) => fetch(url, { headers: { authorization: `Bearer ${token}` } });

describe("npm start", () => {
  let stateDir: string;
  beforeAll(async () => {
    stateDir = await mkdtemp(path.join(tmpdir(), "enf-start-"));
  });
  afterAll(() => rm(stateDir, { recursive: true, force: true }));

  it("refuses a busy port with exit 1 and says so, instead of a 401 from someone else's server", async () => {
    // Another server on the port: answers /health, refuses our token.
    const squatter: Server = createServer((req, res) => {
      res.writeHead(req.url === "/health" ? 200 : 401, { "content-type": "application/json" });
      res.end(req.url === "/health" ? '{"ok":true}' : '{"title":"nope"}');
    });
    const port = await freePort();
    await new Promise<void>((resolve) => squatter.listen(port, "127.0.0.1", resolve));
    try {
      const run = npmStart(port, stateDir);
      const code = await run.code;
      expect(run.output).toMatch(new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use`));
      expect(run.output).not.toMatch(/seeding .* failed/);
      expect(code).toBe(1);
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });

  it("serves the samples with real images, follows PORT, and a restart revokes the token it minted before", async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const first = npmStart(port, stateDir);
    let firstToken: string;
    try {
      firstToken = await untilReady(first);
      expect(first.output).toContain(`Edge News Feed is running on ${base}`);

      const article = await (await fetch(`${base}/articles/lakeside-community-governance`)).text();
      const src = /<img[^>]+src="(\/media\/[0-9a-f]{32}\.jpg)"/.exec(article)?.[1];
      expect(src).toBeDefined();
      const image = await fetch(`${base}${src}`);
      expect(image.status).toBe(200);
      expect(image.headers.get("content-type")).toBe("image/jpeg");
      expect(Number(image.headers.get("content-length"))).toBeLessThan(60_000);

      // SITE_URL follows the port: absolute links in feeds and pages name the server that answers.
      const atom = await (await fetch(`${base}/atom.xml`)).text();
      expect(atom).toContain(`<link rel="self" href="${base}/atom.xml"`);
      expect(article).toContain(
        `<link rel="canonical" href="${base}/articles/lakeside-community-governance"`,
      );

      // The cron handler the README points at, under npm start.
      expect((await fetch(`${base}/cdn-cgi/handler/scheduled`)).status).toBe(200);
      expect((await authGet(`${base}/api/v1/articles?status=draft`, firstToken)).status).toBe(200);

      // The printed desk link signs in once, with a session cookie for plain http on 127.0.0.1.
      const deskLink = /Desk sign-in\s+(\S+\/desk\/login\/\S+)/.exec(first.output)?.[1] ?? "";
      expect(deskLink.startsWith(`${base}/desk/login/`)).toBe(true);
      const signedIn = await fetch(deskLink, { redirect: "manual" });
      expect(signedIn.status).toBeGreaterThanOrEqual(300);
      expect(signedIn.status).toBeLessThan(400);
      expect(signedIn.headers.get("set-cookie")).toMatch(/^desk_session=[^;]+;.*HttpOnly/i);
      expect((await fetch(deskLink, { redirect: "manual" })).status).toBe(404);
    } finally {
      await stop(first);
    }

    const second = npmStart(port, stateDir);
    try {
      const secondToken = await untilReady(second);
      expect(secondToken).not.toBe(firstToken);
      expect((await authGet(`${base}/api/v1/articles?status=draft`, firstToken)).status).toBe(401);
      expect((await authGet(`${base}/api/v1/articles?status=draft`, secondToken)).status).toBe(200);
      expect(second.output).not.toContain("loaded 5 sample articles");
    } finally {
      await stop(second);
    }

    const list = await runNpm("token", ["list", "--persist-to", stateDir]);
    expect(list.code).toBe(0);
    const [header, ...rows] = list.stdout.trim().split("\n");
    expect(header?.split("\t")).toEqual([
      "id",
      "state",
      "name",
      "scopes",
      "created",
      "expires",
      "last used",
      "client",
    ]);
    const startRows = rows.map((r) => r.split("\t")).filter((r) => r[2] === "npm start (local)");
    expect(startRows.map((r) => r[1]).sort()).toEqual(["active", "revoked"]);
    for (const row of startRows) {
      expect(row[5]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\dZ$/); // 30-day expiry shown
      expect(row[6]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\dZ$/); // both were used above
    }
  }, 240_000);

  it("token revoke of an unknown id is an error (exit 1), not a silent success", async () => {
    const result = await runNpm("token", ["revoke", "tok_doesnotexist", "--persist-to", stateDir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("no token with id tok_doesnotexist");
    expect(result.stderr).not.toMatch(/^revoked/m);
  }, 120_000);
});
