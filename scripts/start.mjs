// npm start: local migrations → sample content when empty → wrangler dev on 127.0.0.1:8787 → URLs + token.
import "./lib/env.mjs";
import { spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { loadSampleArticles, ROOT, seedSampleArticles } from "./lib/local-worker.mjs";
import { insertTokenSql, newToken } from "./lib/tokens.mjs";

const PORT = Number(process.env.PORT ?? 8787);
const BASE = `http://127.0.0.1:${PORT}`;
const wrangler = path.join(ROOT, "node_modules/.bin/wrangler");

function wranglerSync(args) {
  const result = spawnSync(wrangler, args, {
    cwd: ROOT,
    env: process.env,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (result.status !== 0) {
    process.stderr.write(result.stdout + result.stderr);
    throw new Error(`wrangler ${args.join(" ")} failed`);
  }
  return result.stdout;
}

function d1Json(command) {
  const out = wranglerSync(["d1", "execute", "DB", "--local", "--json", "--command", command]);
  return JSON.parse(out.slice(out.indexOf("[")))[0].results;
}

console.log("• applying local D1 migrations…");
wranglerSync(["d1", "migrations", "apply", "DB", "--local"]);
const [{ n }] = d1Json("select count(*) as n from articles");

const { secret, row } = newToken({
  name: `local-editor-${new Date().toISOString().slice(0, 19)}`,
  scopes: ["drafts:read", "articles:write", "articles:publish", "admin"],
  expiresAt: Date.now() + 30 * 24 * 3600 * 1000,
});
wranglerSync(["d1", "execute", "DB", "--local", "--command", insertTokenSql(row)]);

console.log("• starting the worker (wrangler dev)…");
const dev = spawn(wrangler, ["dev", "--ip", "127.0.0.1", "--port", String(PORT), "--log-level", "warn"], {
  cwd: ROOT,
  env: process.env,
  stdio: ["ignore", "inherit", "inherit"],
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => dev.kill(signal));
dev.on("exit", (code) => process.exit(code ?? 0));

async function waitForHealth() {
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`${BASE}/health`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the worker did not answer on ${BASE}/health within 60 s`);
}

try {
  await waitForHealth();
  if (n === 0) {
    const created = await seedSampleArticles(BASE, secret, await loadSampleArticles());
    console.log(`• loaded ${created.length} sample articles`);
  }
  const { items } = await (await fetch(`${BASE}/api/v1/articles?limit=3`)).json();
  console.log(`
Edge News Feed is running on ${BASE}

  Home page        ${BASE}/
  Article          ${items[0] ? `${BASE}/articles/${encodeURIComponent(items[0].slug)}` : "(none yet)"}
  RSS 2.0          ${BASE}/feed.xml
  Atom 1.0         ${BASE}/atom.xml
  JSON Feed 1.1    ${BASE}/feed.json
  Public JSON API  ${BASE}/api/v1/articles
  Sitemap          ${BASE}/sitemap.xml

Local editor token (all scopes, expires in 30 days):

  ${secret}

Try: curl -H "Authorization: Bearer ${secret}" ${BASE}/api/v1/articles?status=draft
Stop with Ctrl-C. Reset local data with: npm run db:reset
`);
} catch (err) {
  console.error(String(err));
  dev.kill("SIGTERM");
  process.exitCode = 1;
}
