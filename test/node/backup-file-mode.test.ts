// Backups hold every draft and the token list: only their owner may read them.
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeBackupFile } from "../../scripts/lib/backup";

const mode = async (file: string) => (await stat(file)).mode & 0o777;

describe("backup files are owner-only", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "enf-backup-mode-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("writes a new backup with mode 0600 inside a new 0700 directory", async () => {
    const file = path.join(dir, "backups", "b.json");
    await writeBackupFile(file, { format: "x" });
    expect((await mode(file)).toString(8)).toBe("600");
    expect((await mode(path.dirname(file))).toString(8)).toBe("700");
    expect(JSON.parse(await readFile(file, "utf8"))).toEqual({ format: "x" });
  });

  it("--force over an older world-readable backup leaves it 0600", async () => {
    const file = path.join(dir, "old.json");
    await writeFile(file, "{}");
    await chmod(file, 0o644);
    await writeBackupFile(file, { format: "y" }, { force: true });
    expect((await mode(file)).toString(8)).toBe("600");
    expect(JSON.parse(await readFile(file, "utf8"))).toEqual({ format: "y" });
  });

  it("never overwrites an existing backup without force", async () => {
    const file = path.join(dir, "kept.json");
    await writeFile(file, "{}");
    await expect(writeBackupFile(file, { format: "z" })).rejects.toMatchObject({ code: "EEXIST" });
    expect(await readFile(file, "utf8")).toBe("{}");
  });
});
