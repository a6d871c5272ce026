// The import rules of `npm run lint` (.dependency-cruiser.cjs) hold for src/ and catch what they exist
// to catch: a planted cycle and a planted upward import, each in a throwaway copy of the layout.
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT } from "./cli";

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

function run(cwd: string, outputType: string): Promise<{ code: number; stdout: string }> {
  const bin = path.join(ROOT, "node_modules/.bin/depcruise");
  const args = ["src", "--config", path.join(ROOT, ".dependency-cruiser.cjs"), "--output-type", outputType];
  return new Promise((resolve) => {
    execFile(bin, args, { cwd, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout }),
    );
  });
}

/** The exit code as `npm run lint` sees it (the default err reporter) and the violations found. */
async function cruise(cwd: string): Promise<{ code: number; violations: Violation[] }> {
  const [lint, json] = await Promise.all([run(cwd, "err"), run(cwd, "json")]);
  const report = JSON.parse(json.stdout) as { summary: { violations: Violation[] } };
  return { code: lint.code, violations: report.summary.violations };
}

const fixtures: string[] = [];
async function layout(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "import-rules-"));
  fixtures.push(dir);
  await writeFile(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true } }));
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  }
  return dir;
}
afterAll(() => Promise.all(fixtures.map((dir) => rm(dir, { recursive: true, force: true }))));

describe("import rules (depcruise in npm run lint)", () => {
  it("finds no cycle and no upward import in src/", async () => {
    const { code, violations } = await cruise(ROOT);
    expect(violations).toEqual([]);
    expect(code).toBe(0);
  });

  it("fails on a planted cycle", async () => {
    const dir = await layout({
      "src/domain/a.ts": 'import { b } from "./b";\nexport const a = () => b;\n',
      "src/domain/b.ts": 'import { a } from "./a";\nexport const b = () => a;\n',
    });
    const { code, violations } = await cruise(dir);
    expect(code).not.toBe(0);
    expect(violations.map((v) => v.rule.name)).toContain("no-circular");
  });

  it("fails on an import up a layer (lib → db)", async () => {
    const dir = await layout({
      "src/db/keyset.ts": "export interface Keyset { at: number }\n",
      "src/lib/cursor.ts":
        'import type { Keyset } from "../db/keyset";\nexport const k: Keyset = { at: 1 };\n',
    });
    const { code, violations } = await cruise(dir);
    expect(code).not.toBe(0);
    expect(violations).toEqual([
      expect.objectContaining({ rule: { name: "lib-imports-down-only", severity: "error" } }),
    ]);
  });

  it("fails on a file outside every layer", async () => {
    const dir = await layout({
      "src/helpers/x.ts": 'import { y } from "../lib/y";\nexport const x = y;\n',
      "src/lib/y.ts": "export const y = 1;\n",
    });
    const { violations } = await cruise(dir);
    expect(violations.map((v) => v.rule.name)).toEqual(["no-unlayered-file"]);
  });
});
