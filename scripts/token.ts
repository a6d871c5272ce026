// npm run --silent token -- create --name NAME [--scopes a,b] [--expires-in-days N] [--remote]
//                          list [--remote] | revoke TOKEN_ID [--remote]
// (--persist-to DIR: a local state directory other than .wrangler/state, as with wrangler)
// `create` prints only the token on stdout, so it can be captured: TOKEN=$(npm run --silent token -- create …)
import "./lib/env.mjs";
import path from "node:path";
import { parseArgs } from "node:util";
import { insertTokenSql, newToken, SCOPES, sqlLiteral } from "./lib/tokens";
import { d1ExecuteRows, runWrangler } from "./lib/wrangler-cli";

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

interface TokenListRow {
  id: string;
  name: string;
  scopes: string;
  created_at: number;
  expires_at: number | null;
  revoked_at: number | null;
  last_used_at: number | null;
  client_id: string | null;
}

function d1<Row>(sql: string): Row[] {
  const result = runWrangler(["d1", "execute", "DB", target, "--json", "--command", sql, ...persistArgs]);
  if (result.status !== 0) {
    process.stderr.write(result.stderr || result.stdout);
    process.exit(1);
  }
  return d1ExecuteRows<Row>(result.stdout);
}

if (!values.remote) {
  // A fresh clone has no local tables yet; applying pending migrations is a no-op otherwise.
  runWrangler(["d1", "migrations", "apply", "DB", "--local", ...persistArgs]);
}

const usage = `usage: npm run --silent token -- create --name NAME [--scopes ${SCOPES.join(",")}] [--expires-in-days N] [--remote]
       npm run --silent token -- list [--remote]
       npm run --silent token -- revoke TOKEN_ID [--remote]`;

async function create(name: string | undefined) {
  if (!name) {
    console.error(`--name is required\n${usage}`);
    process.exit(2);
  }
  const days = values["expires-in-days"] ? Number(values["expires-in-days"]) : null;
  if (days !== null && !(days > 0)) {
    console.error("--expires-in-days must be a positive number");
    process.exit(2);
  }
  let token: Awaited<ReturnType<typeof newToken>>;
  try {
    token = await newToken({
      name,
      scopes: values.scopes
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
      expiresAt: days === null ? null : Date.now() + days * 86_400_000,
    });
  } catch (err) {
    console.error(String((err as Error).message));
    process.exit(2);
  }
  d1(insertTokenSql(token.row));
  console.error(`created ${token.row.id} "${name}" with scopes ${token.row.scopes}`);
  console.log(token.secret);
}

function list() {
  const rows = d1<TokenListRow>(
    "select id, name, scopes, created_at, expires_at, revoked_at, last_used_at, client_id from api_tokens order by created_at",
  );
  const day = (ms: number) => `${new Date(ms).toISOString().slice(0, 16)}Z`;
  console.log(["id", "state", "name", "scopes", "created", "expires", "last used", "client"].join("\t"));
  for (const r of rows) {
    const state = r.revoked_at ? "revoked" : r.expires_at && r.expires_at < Date.now() ? "expired" : "active";
    const scopes = (JSON.parse(r.scopes) as string[]).join(",");
    const expires = r.expires_at ? day(r.expires_at) : "never";
    const lastUsed = r.last_used_at ? day(r.last_used_at) : "never";
    console.log(
      [r.id, state, r.name, scopes, day(r.created_at), expires, lastUsed, r.client_id ?? "-"].join("\t"),
    );
  }
}

function revoke(id: string) {
  const [found] = d1<{ revoked_at: number | null }>(
    `select revoked_at from api_tokens where id = ${sqlLiteral(id)}`,
  );
  if (!found) {
    console.error(`no token with id ${id} (see: npm run --silent token -- list)`);
    process.exit(1);
  }
  if (found.revoked_at) {
    console.error(`${id} was already revoked on ${new Date(found.revoked_at).toISOString()}`);
  } else {
    d1(
      `update api_tokens set revoked_at = ${Date.now()} where id = ${sqlLiteral(id)} and revoked_at is null`,
    );
    console.error(`revoked ${id}`);
  }
}

if (command === "create") await create(values.name);
else if (command === "list") list();
else if (command === "revoke" && argument) revoke(argument);
else {
  console.error(usage);
  process.exit(2);
}
