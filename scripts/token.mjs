// npm run --silent token -- create --name NAME [--scopes a,b] [--expires-in-days N] [--remote]
//                          list [--remote] | revoke TOKEN_ID [--remote]
// (--persist-to DIR: a local state directory other than .wrangler/state, as with wrangler)
// `create` prints only the token on stdout, so it can be captured: TOKEN=$(npm run --silent token -- create …)
import "./lib/env.mjs";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { parseArgs } from "node:util";
import { ROOT } from "./lib/local-worker.mjs";
import { insertTokenSql, newToken, SCOPES } from "./lib/tokens.mjs";

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    name: { type: "string" },
    scopes: { type: "string", default: "drafts:read,articles:write,articles:publish" },
    "expires-in-days": { type: "string" },
    remote: { type: "boolean", default: false },
    "persist-to": { type: "string" },
  },
});
const [command, argument] = positionals;
const target = values.remote ? "--remote" : "--local";
const persistArgs =
  values["persist-to"] && !values.remote ? ["--persist-to", path.resolve(values["persist-to"])] : [];

function d1(sql) {
  const result = spawnSync(
    path.join(ROOT, "node_modules/.bin/wrangler"),
    ["d1", "execute", "DB", target, "--json", "--command", sql, ...persistArgs],
    { cwd: ROOT, env: process.env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
  );
  if (result.status !== 0) {
    process.stderr.write(result.stderr || result.stdout);
    process.exit(1);
  }
  return JSON.parse(result.stdout.slice(result.stdout.indexOf("[")))[0]?.results ?? [];
}

if (!values.remote) {
  // A fresh clone has no local tables yet; applying pending migrations is a no-op otherwise.
  spawnSync(
    path.join(ROOT, "node_modules/.bin/wrangler"),
    ["d1", "migrations", "apply", "DB", "--local", ...persistArgs],
    {
      cwd: ROOT,
      env: process.env,
      stdio: "ignore",
    },
  );
}

const usage = `usage: npm run --silent token -- create --name NAME [--scopes ${SCOPES.join(",")}] [--expires-in-days N] [--remote]
       npm run --silent token -- list [--remote]
       npm run --silent token -- revoke TOKEN_ID [--remote]`;

if (command === "create") {
  if (!values.name) {
    console.error(`--name is required\n${usage}`);
    process.exit(2);
  }
  const days = values["expires-in-days"] ? Number(values["expires-in-days"]) : null;
  if (days !== null && !(days > 0)) {
    console.error("--expires-in-days must be a positive number");
    process.exit(2);
  }
  let token;
  try {
    token = newToken({
      name: values.name,
      scopes: values.scopes
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
      expiresAt: days === null ? null : Date.now() + days * 86_400_000,
    });
  } catch (err) {
    console.error(String(err.message));
    process.exit(2);
  }
  d1(insertTokenSql(token.row));
  console.error(`created ${token.row.id} "${values.name}" with scopes ${token.row.scopes}`);
  console.log(token.secret);
} else if (command === "list") {
  const rows = d1(
    "select id, name, scopes, created_at, expires_at, revoked_at, last_used_at from api_tokens order by created_at",
  );
  const day = (ms) => `${new Date(ms).toISOString().slice(0, 16)}Z`;
  console.log(["id", "state", "name", "scopes", "created", "expires", "last used"].join("\t"));
  for (const r of rows) {
    const state = r.revoked_at ? "revoked" : r.expires_at && r.expires_at < Date.now() ? "expired" : "active";
    const scopes = JSON.parse(r.scopes).join(",");
    const expires = r.expires_at ? day(r.expires_at) : "never";
    const lastUsed = r.last_used_at ? day(r.last_used_at) : "never";
    console.log([r.id, state, r.name, scopes, day(r.created_at), expires, lastUsed].join("\t"));
  }
} else if (command === "revoke" && argument) {
  const id = argument.replaceAll("'", "''");
  const [found] = d1(`select revoked_at from api_tokens where id = '${id}'`);
  if (!found) {
    console.error(`no token with id ${argument} (see: npm run --silent token -- list)`);
    process.exit(1);
  }
  if (found.revoked_at) {
    console.error(`${argument} was already revoked on ${new Date(found.revoked_at).toISOString()}`);
  } else {
    d1(`update api_tokens set revoked_at = ${Date.now()} where id = '${id}' and revoked_at is null`);
    console.error(`revoked ${argument}`);
  }
} else {
  console.error(usage);
  process.exit(2);
}
