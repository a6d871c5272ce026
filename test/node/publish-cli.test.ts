import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { png } from "../fixtures/images";
import { runNpm } from "./cli";
import { type LocalWorker, startWorker } from "./harness";
import { LAKESIDE_GRID_FIELDS } from "./lakeside-grid";

let worker: LocalWorker;
let dir: string;

beforeAll(async () => {
  worker = await startWorker({ seed: false });
  dir = await mkdtemp(path.join(tmpdir(), "enf-publish-"));
  await writeFile(path.join(dir, "grid.png"), png(1200, 800));
});
afterAll(async () => {
  await worker?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const FULL = `---
title: 以“小网格”撬动基层“大治理”
subtitle: 湖城市探索社区治理新路径
summary: 湖城市把社区网格作为基层治理的基本单元。
language: zh-CN
slug: lakeside-grid
section: [深度报道, 自媒体]
tags: [基层治理, 社区]
authors:
  - name: 林晓舟
    title: 湖城市委常委、组织部部长
editors: [苏青禾]
source: { name: 城市观察报, url: "https://paper.example.org/" }
image:
  url: ./grid.png
  caption: 湖城市社区网格员在东湖街道走访居民。
  alt: 网格员在小区门口与居民交谈
printEdition: { publication: 城市观察报, date: 2020-12-07, page: 17 }
publishedAt: 2020-12-09T09:50:37+08:00
status: published
---
近年来，湖城市把社区网格作为**基层治理**的基本单元。

## 把责任落到“最后一米”

全市共划分标准网格3200余个。
`;

const MINIMAL = `---
title: Harbor City adds night bus routes
language: en
tags: transit, night economy
status: published
publishedAt: 2020-12-10T18:30:00-05:00
---
Six overnight routes start in January.
`;

const BROKEN = `---
title: Broken
printEdition: { date: 2020-13-45, page: 3 }
authors: [{ name: "" }]
---
Body.
`;

async function write(name: string, text: string) {
  const file = path.join(dir, name);
  await writeFile(file, text);
  return file;
}

async function editorGet(idOrSlug: string) {
  const res = await worker.fetch(`/api/v1/articles/${encodeURIComponent(idOrSlug)}`, {
    headers: { authorization: `Bearer ${worker.token}` },
  });
  return (await res.json()) as Record<string, unknown> & { id: number; version: number };
}

const flags = () => ["--url", worker.url, "--token", worker.token];

/** A token that may publish but not read drafts or deleted articles (it sees 404/410 like the public). */
async function mintPublisherWithoutDraftsRead(): Promise<string> {
  const secret = `enf_${randomBytes(32).toString("base64url")}`;
  await worker.d1
    .prepare("insert into api_tokens (id, name, token_hash, scopes, created_at) values (?, ?, ?, ?, ?)")
    .bind(
      `tok_${randomBytes(9).toString("base64url")}`,
      "publisher-no-drafts",
      createHash("sha256").update(secret).digest("hex"),
      JSON.stringify(["articles:write", "articles:publish"]),
      Date.now(),
    )
    .run();
  return secret;
}

describe("npm run publish", () => {
  it("creates every valid file, reports the broken one with field pointers, and exits 1", async () => {
    const files = [
      await write("lakeside-grid.md", FULL),
      await write("broken.md", BROKEN),
      await write("night-buses.md", MINIMAL),
    ];
    const run = await runNpm("publish", [...files, ...flags()]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /\[1\/3\] created\s+.*lakeside-grid\.md → http:\/\/127\.0\.0\.1:\d+\/articles\/lakeside-grid/,
    );
    expect(run.stdout).toMatch(/\[3\/3\] created\s+.*night-buses\.md/);
    expect(run.stderr).toContain("failed    ");
    expect(run.stderr).toContain("HTTP 422");
    expect(run.stderr).toContain("/printEdition/date: must be a full date YYYY-MM-DD");
    expect(run.stderr).toContain("/authors/0/name: must not be empty");
    expect(run.stdout).toContain("2 created, 0 updated, 0 unchanged, 1 failed");

    const article = await editorGet("lakeside-grid");
    expect(article).toMatchObject({
      ...LAKESIDE_GRID_FIELDS,
      authors: [{ name: "林晓舟", title: "湖城市委常委、组织部部长" }],
      bodyFormat: "markdown",
    });
    expect(article.bodyHtml).toContain("<strong>基层治理</strong>");
    expect(article.image).toMatchObject({
      caption: "湖城市社区网格员在东湖街道走访居民。",
      type: "image/png",
      width: 1200,
      height: 800,
    });
    const image = article.image as { url: string; length: number };
    const served = await worker.fetch(image.url);
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(Number(served.headers.get("content-length"))).toBe(image.length);
    expect((await editorGet("night-buses")).tags).toEqual(["transit", "night economy"]);
  });

  it("leaves unchanged files alone and patches only what changed", async () => {
    const file = await write("lakeside-grid.md", FULL);
    const again = await runNpm("publish", [file, ...flags()]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("unchanged");
    expect((await editorGet("lakeside-grid")).version).toBe(1);

    await write(
      "lakeside-grid.md",
      FULL.replace("title: 以", "title: 新版：以").replace(/^subtitle: .*\n/m, ""),
    );
    const edited = await runNpm("publish", [file, ...flags()]);
    expect(edited.code).toBe(0);
    expect(edited.stdout).toMatch(/updated\s+.*\(title, subtitle\)/);
    const article = await editorGet("lakeside-grid");
    expect(article).toMatchObject({ title: "新版：以“小网格”撬动基层“大治理”", subtitle: null, version: 2 });
  });

  it("takes the token from EDGE_FEED_TOKEN and honours --draft", async () => {
    const file = await write("draft-note.md", "---\ntitle: A draft\n---\nNot yet.\n");
    const run = await runNpm("publish", [file, "--draft", "--url", worker.url], {
      EDGE_FEED_TOKEN: worker.token,
    });
    expect(run.code).toBe(0);
    expect((await editorGet("draft-note")).status).toBe("draft");
  });

  it("with a token without drafts:read, reports a deleted article as deleted (never 'created') and a rerun as unchanged", async () => {
    const token = await mintPublisherWithoutDraftsRead();
    const asPublisher = ["--url", worker.url, "--token", token];
    const story = await write(
      "pulled-story.md",
      "---\ntitle: Pulled story\nstatus: published\n---\nSoon gone.\n",
    );
    const note = await write("draft-memo.md", "---\ntitle: A memo\n---\nInternal.\n");
    const first = await runNpm("publish", [story, ...asPublisher]);
    expect(first.stdout).toContain("1 created, 0 updated, 0 unchanged, 0 failed");
    const memo = await runNpm("publish", [note, "--draft", ...asPublisher]);
    expect(memo.stdout).toContain("1 created, 0 updated, 0 unchanged, 0 failed");

    // The token cannot read its own draft back (404), so the rerun meets the replay of the first create.
    const rerun = await runNpm("publish", [note, "--draft", ...asPublisher]);
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toContain("0 created, 0 updated, 1 unchanged, 0 failed");

    const { id } = await editorGet("pulled-story");
    const del = await worker.fetch(`/api/v1/articles/${id}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${worker.token}` },
    });
    expect(del.status).toBe(204);
    const after = await runNpm("publish", [story, ...asPublisher]);
    expect(after.code).toBe(1);
    expect(after.stdout).toContain("0 created, 0 updated, 0 unchanged, 1 failed");
    expect(after.stderr).toContain(`Article ${id} was deleted. It holds this slug: restore it first.`);
  });

  it("explains usage errors (exit 2) and unreachable servers (exit 1)", async () => {
    const file = await write("x.md", "---\ntitle: X\n---\n");
    const noToken = await runNpm("publish", [file, "--url", worker.url]);
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain("EDGE_FEED_TOKEN");
    const down = await runNpm("publish", [file, "--url", "http://127.0.0.1:9", "--token", "enf_x"]);
    expect(down.code).toBe(1);
    expect(down.stderr).toContain("cannot reach http://127.0.0.1:9");
    const badSlug = await runNpm("publish", [await write("Bad Name.md", "---\ntitle: X\n---\n"), ...flags()]);
    expect(badSlug.code).toBe(1);
    expect(badSlug.stderr).toContain("set slug: in the front matter");
  });
});
