// The runnable examples of README.md and docs/*.md, run as written against the built worker, so they cannot
// rot again. A block is runnable when an HTML comment starting with `<!-- readme-test` sits right before its fence
// (other comments, such as a `biome-ignore format`, may come between).
import { execFile } from "node:child_process";
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import samples from "../../sample/articles.json";
import { ROOT, runNpm } from "./cli";
import { type LocalWorker, startWorker } from "./harness";
import { LAKESIDE_GRID_FIELDS } from "./lakeside-grid";

interface ReadmeBlock {
  note: string;
  lang: string;
  code: string;
}

/** Every fenced block preceded (blank lines aside) by a `<!-- readme-test … -->` comment. */
function runnableBlocks(markdown: string): ReadmeBlock[] {
  const pattern = /<!-- readme-test:?\s*(.*?)\s*-->\s*\n(?:<!--[\s\S]*?-->\s*\n)*```(\w+)\n([\s\S]*?)\n```/g;
  return [...markdown.matchAll(pattern)].map(([, note = "", lang = "", code = ""]) => ({ note, lang, code }));
}

/** The README, then the docs in name order: examples may live in either. */
async function documentedBlocks(): Promise<ReadmeBlock[]> {
  const docs = (await readdir(path.join(ROOT, "docs"))).filter((name) => name.endsWith(".md")).sort();
  const files = [path.join(ROOT, "README.md"), ...docs.map((name) => path.join(ROOT, "docs", name))];
  const texts = await Promise.all(files.map((file) => readFile(file, "utf8")));
  return texts.flatMap(runnableBlocks);
}

function block(blocks: ReadmeBlock[], lang: string, contains: string): ReadmeBlock {
  const found = blocks.find((b) => b.lang === lang && b.code.includes(contains));
  if (!found) throw new Error(`README and docs have no runnable \`\`\`${lang} block containing ${contains}`);
  return found;
}

/**
 * Runs a README shell block with bash, strict mode, in `cwd`. BASE and TOKEN come from the test, so the
 * block's own placeholder assignments (`TOKEN=enf_…`) are dropped; curl fails on HTTP errors, so a
 * refused request fails the block instead of printing a problem document nobody reads.
 */
function runShell(code: string, env: Record<string, string>, cwd: string) {
  const script = [
    "set -euo pipefail",
    'curl() { command curl --fail-with-body "$@"; }',
    ...code.split("\n").filter((line) => !/^(BASE|TOKEN)=/.test(line)),
  ].join("\n");
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      "bash",
      ["-c", script],
      { cwd, env: { ...process.env, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr });
      },
    );
  });
}

const lakeside = samples.find((a) => a.slug === "lakeside-community-governance");
const sampleImage = path.join(ROOT, "sample/images/lakeside-grid.jpg");

describe("README and docs examples", () => {
  let worker: LocalWorker;
  let blocks: ReadmeBlock[];
  let workDir: string;
  beforeAll(async () => {
    [worker, blocks, workDir] = await Promise.all([
      startWorker(),
      documentedBlocks(),
      mkdtemp(path.join(tmpdir(), "enf-readme-")),
    ]);
  });
  afterAll(async () => {
    await worker?.stop();
    await rm(workDir, { recursive: true, force: true });
  });
  const env = () => ({ BASE: worker.url, TOKEN: worker.token });
  const editorGet = async (p: string) =>
    (await worker.fetch(p, { headers: { authorization: `Bearer ${worker.token}` } })).json() as Promise<
      Record<string, unknown>
    >;

  it("marks the curl, media and front-matter examples as runnable", () => {
    expect(blocks.map((b) => b.lang)).toEqual(["sh", "markdown", "sh"]);
  });

  it("curl examples: create, read, edit, schedule, delete/restore, history, on articles they create", async () => {
    const before = await editorGet("/api/v1/articles?status=draft");
    const result = await runShell(block(blocks, "sh", "/api/v1/articles").code, env(), workDir);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const id = /^created article (\d+)$/m.exec(result.stdout)?.[1];
    expect(id).toBeDefined();
    expect(result.stdout.trim().split("\n")).toEqual([
      `created article ${id}`,
      "湖城市试点社区议事厅",
      String((before.items as unknown[]).length),
      "新标题",
      "scheduled",
      "204",
      "published",
      "4", // create, update, delete, restore
      "湖城市试点社区议事厅",
    ]);
    const created = await editorGet(`/api/v1/articles/${id}`);
    expect(created).toMatchObject({ title: "新标题", tags: ["社区"], status: "published", deletedAt: null });

    // The samples are untouched: the examples no longer hard-code ids 1 and 4.
    for (const sample of samples) {
      const stored = await editorGet(`/api/v1/articles/${encodeURIComponent(sample.slug)}`);
      expect({ title: stored.title, status: stored.status, version: stored.version }, sample.slug).toEqual({
        title: sample.title,
        status: sample.status,
        version: 1,
      });
    }
  });

  it("media upload example: raw body and multipart give the same content-addressed URL", async () => {
    await copyFile(sampleImage, path.join(workDir, "photo.jpg"));
    const result = await runShell(block(blocks, "sh", "/api/v1/media").code, env(), workDir);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    // Two answers (raw, multipart), each naming its URL twice: top level and in the ready-made `image`.
    const urls = [...result.stdout.matchAll(/"url":"(\/media\/[^"]+)"/g)].map((m) => m[1]);
    expect(urls).toEqual(Array(4).fill(lakeside?.image?.url));
    expect([...result.stdout.matchAll(/"href":"([^"]+)"/g)].map((m) => m[1])).toEqual(
      Array(2).fill(`${worker.url}${lakeside?.image?.url}`),
    );
  });

  it("front-matter example publishes as written, local image uploaded", async () => {
    const posts = path.join(workDir, "posts");
    await mkdir(path.join(posts, "images"), { recursive: true });
    await copyFile(sampleImage, path.join(posts, "images/grid.jpg"));
    const file = path.join(posts, "lakeside-grid.md");
    await writeFile(file, `${block(blocks, "markdown", "title:").code}\n`);
    const result = await runNpm("publish", [file, "--url", worker.url, "--token", worker.token]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/created\s+.*lakeside-grid\.md → .*\/articles\/lakeside-grid \(id \d+\)/);
    const article = await editorGet("/api/v1/articles/lakeside-grid");
    expect(article).toMatchObject({
      ...LAKESIDE_GRID_FIELDS,
      authors: [{ name: "林晓舟", title: "湖城市委常委、组织部部长", url: "https://example.org/lin" }],
      image: {
        url: lakeside?.image?.url,
        caption: "湖城市社区网格员在东湖街道走访居民。",
        credit: "湖城市委组织部 供图",
        alt: "网格员在小区门口与居民交谈",
      },
    });
  });
});
