// Builds each Worker once per run (as `npm run build` does) for every Node-side test file to share:
// a build costs tens of seconds on a loaded 2-core machine, and every file used to make its own.
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { buildEntry, WORKER_CONFIGS } from "../../scripts/lib/bundle-groups.mjs";

export interface BuiltWorkers {
  /** The complete Worker (wrangler.toml), as `wrangler deploy --dry-run` writes it. */
  complete: string;
  /** The split's read Worker (wrangler.read.toml). */
  read: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    builtWorkers: BuiltWorkers;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const root = await mkdtemp(path.join(tmpdir(), "enf-built-"));
  // One directory per Worker: Miniflare's modulesRoot is the script's directory.
  const build = async (name: keyof typeof WORKER_CONFIGS) => {
    const dir = path.join(root, name);
    await mkdir(dir);
    return buildEntry(dir, WORKER_CONFIGS[name]);
  };
  const [complete, read] = await Promise.all([build("complete"), build("read")]);
  project.provide("builtWorkers", { complete, read });
  return () => rm(root, { recursive: true, force: true });
}
