import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT, runNpm } from "./cli";

const run = promisify(execFile);
let stateDir = "";

afterAll(async () => {
  if (stateDir) await rm(stateDir, { recursive: true, force: true });
});

describe("npm run token -- list", () => {
  it("shows the IndieAuth client a token was issued to", async () => {
    stateDir = await mkdtemp(path.join(tmpdir(), "enf-token-list-"));
    const wrangler = (args: string[]) =>
      run("npx", ["wrangler", ...args, "--local", "--persist-to", stateDir], { cwd: ROOT, timeout: 90_000 });
    await wrangler(["d1", "migrations", "apply", "DB"]);
    await wrangler([
      "d1",
      "execute",
      "DB",
      "--command",
      `insert into api_tokens (id, name, token_hash, scopes, created_at, expires_at, client_id) values ('tok_indieauth01', 'Quill', '${"a".repeat(64)}', '["articles:write"]', ${Date.now()}, ${Date.now() + 86_400_000}, 'https://quill.p3k.io/')`,
    ]);
    const list = await runNpm("token", ["list", "--persist-to", stateDir]);
    expect(list.code).toBe(0);
    const [header, ...rows] = list.stdout
      .trim()
      .split("\n")
      .map((line) => line.split("\t"));
    expect(header?.at(-1)).toBe("client");
    const row = rows.find((r) => r[0] === "tok_indieauth01");
    expect(row?.[2]).toBe("Quill");
    expect(row?.at(-1)).toBe("https://quill.p3k.io/");
  }, 180_000);
});
