// npm start [-- --persist-to DIR]: checks the port → local migrations → sample images and (when the DB is
// empty) sample articles → wrangler dev on 127.0.0.1:$PORT (default 8787) → URLs, token, desk sign-in link.
import "./lib/env.mjs";
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { parseArgs } from "node:util";
import { deskLoginLinkSql } from "./lib/desk-link.mjs";
import { loadSampleArticles, ROOT, seedSampleArticles } from "./lib/local-worker.mjs";
import { ensurePreviewSecret } from "./lib/preview-secret.mjs";
import { uploadSampleImages } from "./lib/sample-media";
import { ALL_SCOPES, newToken, rotateStartTokenSql, START_TOKEN_NAME } from "./lib/tokens";
import { d1ExecuteRows, runWrangler, WRANGLER } from "./lib/wrangler-cli";

const { values } = parseArgs({ options: { "persist-to": { type: "string" } } });
const persistArgs = values["persist-to"] ? ["--persist-to", path.resolve(values["persist-to"])] : [];
const PORT = Number(process.env.PORT ?? 8787);
const BASE = `http://127.0.0.1:${PORT}`;
// Absolute links, feed self links and canonical URLs must name the port the site really answers on.
const SITE_URL = process.env.SITE_URL || BASE;

function fail(message: string): never {
  console.error(`npm start: ${message}`);
  process.exit(1);
}

if (!Number.isInteger(PORT) || PORT < 1 || PORT > 65535)
  fail(`PORT must be a port number, got "${process.env.PORT}"`);

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

if (!(await portIsFree(PORT))) {
  fail(
    `port ${PORT} on 127.0.0.1 is already in use (another npm start or wrangler dev?).\n` +
      `Stop that process, or pick another port: PORT=8790 npm start`,
  );
}

function wranglerSync(args: string[]): string {
  const result = runWrangler([...args, ...persistArgs]);
  if (result.status !== 0) {
    process.stderr.write(result.stdout + result.stderr);
    fail(`wrangler ${args.slice(0, 3).join(" ")} failed`);
  }
  return result.stdout;
}

function d1Json<Row>(command: string): Row[] {
  return d1ExecuteRows<Row>(wranglerSync(["d1", "execute", "DB", "--local", "--json", "--command", command]));
}

console.log("• applying local D1 migrations…");
wranglerSync(["d1", "migrations", "apply", "DB", "--local"]);
const [{ n } = { n: 0 }] = d1Json<{ n: number }>("select count(*) as n from articles");

const { secret, row } = await newToken({
  name: START_TOKEN_NAME,
  scopes: ALL_SCOPES,
  expiresAt: Date.now() + 30 * 24 * 3600 * 1000,
});
// The desk's one-click sign-in link is a single-use code bound to this run's token.
const deskLink = await deskLoginLinkSql(row.id, SITE_URL);
d1Json(`${rotateStartTokenSql(row)}\n${deskLink.sql}`);
// Signed preview links need PREVIEW_SECRET. It is kept beside the local state and passed as a --var, not
// in .dev.vars, which `wrangler types` would read into the generated Env.
const previewSecretFile = path.join(
  values["persist-to"] ? path.resolve(values["persist-to"]) : path.join(ROOT, ".wrangler"),
  "preview-secret.vars",
);
mkdirSync(path.dirname(previewSecretFile), { recursive: true });
const previewSecret = ensurePreviewSecret(previewSecretFile);

console.log("• starting the worker (wrangler dev)…");
const devArgs = ["dev", "--ip", "127.0.0.1", "--port", String(PORT), "--log-level", "warn"];
const vars = ["--var", `SITE_URL:${SITE_URL}`, "--var", `PREVIEW_SECRET:${previewSecret}`];
const dev = spawn(WRANGLER, [...devArgs, ...vars, ...persistArgs], {
  cwd: ROOT,
  env: process.env,
  stdio: ["ignore", "inherit", "inherit"],
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => dev.kill(signal));
dev.on("exit", (code) => process.exit(process.exitCode ?? code ?? 0));

async function waitForHealth() {
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`${BASE}/health`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the worker did not answer on ${BASE}/health within 60 s`);
}

/** The token was just written to our local D1: if the server refuses it, it is not our worker. */
async function assertOurWorker() {
  const res = await fetch(`${BASE}/api/v1/articles?status=draft&limit=1`, {
    headers: { authorization: `Bearer ${secret}` },
  });
  if (res.status === 401) {
    throw new Error(
      `the server on ${BASE} refused the token just minted, so it is not this worker (is another one ` +
        `running on port ${PORT}?). Pick another port: PORT=8790 npm start`,
    );
  }
}

try {
  await waitForHealth();
  await assertOurWorker();
  const samples = await loadSampleArticles();
  if (n === 0) {
    const created = await seedSampleArticles(BASE, secret, samples);
    console.log(`• loaded ${created.length} sample articles`);
  } else {
    await uploadSampleImages(BASE, secret, samples);
  }
  const { items } = (await (await fetch(`${BASE}/api/v1/articles?limit=3`)).json()) as {
    items: { slug: string }[];
  };
  console.log(`
Edge News Feed is running on ${BASE}

  Home page        ${BASE}/
  Article          ${items[0] ? `${BASE}/articles/${encodeURIComponent(items[0].slug)}` : "(none yet)"}
  RSS 2.0          ${BASE}/feed.xml
  Atom 1.0         ${BASE}/atom.xml
  JSON Feed 1.1    ${BASE}/feed.json
  Public JSON API  ${BASE}/api/v1/articles
  API docs         ${BASE}/api/docs
  Sitemap          ${BASE}/sitemap.xml
  Editor desk      ${BASE}/desk
  Desk sign-in     ${deskLink.url}
                   (one click; single use, valid 10 minutes)
  Run the cron     curl ${BASE}/cdn-cgi/handler/scheduled

Local editor token "${START_TOKEN_NAME}" ${row.id} (all scopes, expires in 30 days; any token an
earlier npm start printed is now revoked):

  ${secret}

Try: curl -H "Authorization: Bearer ${secret}" "${BASE}/api/v1/articles?status=draft"
Stop with Ctrl-C. Reset local data with: npm run db:reset
`);
} catch (err) {
  console.error(`npm start: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
  dev.kill("SIGTERM");
}
