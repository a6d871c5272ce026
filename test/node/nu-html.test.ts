import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalWorker, startWorker } from "./harness";

// The W3C Nu HTML Checker (vnu.jar, from the vnu-jar package) on one page of every kind the worker
// serves, public and desk: 0 errors each. All documents go through ONE java run, for speed.

const run = promisify(execFile);
const VNU_JAR = String(createRequire(import.meta.url)("vnu-jar"));
const JAVA = process.env.JAVA ?? "java";

async function javaAvailable(): Promise<boolean> {
  try {
    await run(JAVA, ["-version"]);
    return true;
  } catch {
    return false;
  }
}

const HAS_JAVA = await javaAvailable();
if (!HAS_JAVA && process.env.CI !== "true") {
  console.warn(`nu-html: skipped, "${JAVA}" not found (apt-get install default-jre-headless)`);
}

interface NuMessage {
  type: string;
  subType?: string;
  url?: string;
  lastLine?: number;
  firstColumn?: number;
  message: string;
  extract?: string;
}

/** Runs vnu.jar once over every document; returns its errors keyed by label. */
async function nuErrors(docs: Map<string, string>): Promise<Map<string, NuMessage[]>> {
  const dir = await mkdtemp(path.join(tmpdir(), "nu-html-"));
  try {
    const files = new Map<string, string>();
    let n = 0;
    for (const [label, html] of docs) {
      const file = `page-${String(n++).padStart(2, "0")}.html`;
      await writeFile(path.join(dir, file), html);
      files.set(file, label);
    }
    const { stdout } = await run(
      JAVA,
      [
        "-jar",
        VNU_JAR,
        "--format",
        "json",
        "--stdout",
        "--errors-only",
        "--exit-zero-always",
        ...[...files.keys()].map((f) => path.join(dir, f)),
      ],
      { maxBuffer: 64 * 1024 * 1024 },
    );
    const out = new Map<string, NuMessage[]>([...docs.keys()].map((label) => [label, []]));
    for (const m of (JSON.parse(stdout) as { messages: NuMessage[] }).messages) {
      // Nu names each file by a file: URL; the basename is ours.
      const label = files.get(path.basename(m.url ?? "")) ?? `(unattributed) ${m.url ?? ""}`;
      if (!out.has(label)) out.set(label, []);
      out.get(label)?.push(m);
    }
    return out;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const describeNu = (m: NuMessage) =>
  `${m.type}${m.subType ? `/${m.subType}` : ""} ${m.lastLine ?? "?"}:${m.firstColumn ?? "?"} ${m.message}${m.extract ? ` «${m.extract.trim()}»` : ""}`;

// An invalid document planted in the same run: Nu must report it, or the checker is not looking.
const PLANTED = "(planted invalid document)";
const PLANTED_HTML =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>x</title></head>' +
  '<body><p><div>block in p</div></p><a href="x" href="y">dup</a><span id="a"></span><span id="a"></span></body></html>';

describe.skipIf(!HAS_JAVA && process.env.CI !== "true")("HTML validity (W3C Nu HTML Checker)", () => {
  let worker: LocalWorker;
  const docs = new Map<string, string>();
  let errors: Map<string, NuMessage[]>;

  beforeAll(async () => {
    if (!HAS_JAVA) throw new Error(`"${JAVA}" not found: CI must install default-jre-headless`);
    worker = await startWorker();
    const get = async (label: string, target: string, expected: number, init?: RequestInit) => {
      const res = await worker.fetch(target, { redirect: "manual", ...init });
      const body = await res.text();
      if (res.status !== expected) throw new Error(`${label} ${target}: ${res.status}, not ${expected}`);
      if (!/^text\/html/.test(res.headers.get("content-type") ?? ""))
        throw new Error(`${label} ${target}: ${res.headers.get("content-type")}`);
      docs.set(`${label} ${target}`, body);
    };
    const api = { authorization: `Bearer ${worker.token}`, "content-type": "application/json" };

    // Public pages.
    await get("home", "/", 200);
    await get("article zh (lead image)", "/articles/lakeside-community-governance", 200);
    await get("article en", "/articles/harbor-city-night-buses", 200);
    await get("section", `/section/${encodeURIComponent("深度报道")}/${encodeURIComponent("自媒体")}`, 200);
    await get("tag", `/tag/${encodeURIComponent("社区")}`, 200);
    await get("author", `/author/${encodeURIComponent("Maya Okafor")}`, 200);
    // A later listings page (keyset before every article: the page with a link back to the first).
    const cursor = btoa(`v1.${Date.now() + 1e12}.999999999`).replaceAll("=", "");
    await get("listing page 2", `/?cursor=${cursor}`, 200);
    await get("not found", "/articles/no-such-article", 404);
    await get("bad cursor", "/?cursor=nonsense", 400);
    const doomed = worker.articles.find((a) => a.status === "published" && !/lakeside|harbor/.test(a.slug));
    if (!doomed) throw new Error("no sample article to delete");
    const deleted = await worker.fetch(`/api/v1/articles/${doomed.id}`, { method: "DELETE", headers: api });
    if (!deleted.ok) throw new Error(`delete ${doomed.id}: ${deleted.status}`);
    await get("gone", `/articles/${doomed.slug}`, 410);
    await get("api docs", "/api/docs", 200);
    const search = await worker.fetch("/search?q=x", { redirect: "manual" });
    if (search.status === 200) docs.set("search /search?q=x", await search.text());
    else await search.body?.cancel();

    // Desk pages: sign in with the local editor's token, as the sign-in form would.
    const origin = new URL(worker.url).origin;
    await get("desk sign-in", "/desk/login", 200);
    await get("desk sign-in failed", "/desk/login", 401, {
      method: "POST",
      headers: { origin, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: "enf_not-a-real-token" }),
    });
    const signIn = await worker.fetch("/desk/login", {
      method: "POST",
      redirect: "manual",
      headers: { origin, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: worker.token }),
    });
    await signIn.body?.cancel();
    const cookie = signIn.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    if (signIn.status !== 303 || !cookie) throw new Error(`desk sign-in: ${signIn.status}`);
    const created = await worker.fetch("/api/v1/articles", {
      method: "POST",
      headers: api,
      body: JSON.stringify({
        title: "山区小学新添图书角",
        section: ["要闻", "地方"],
        tags: ["交通"],
        authors: [{ name: "林舟", title: "本报记者" }],
        status: "draft",
      }),
    });
    if (created.status !== 201) throw new Error(`draft: ${created.status}`);
    const { id } = (await created.json()) as { id: number };
    const desk = { headers: { cookie } };
    await get("desk list", "/desk", 200, desk);
    await get("desk list filtered", `/desk?status=draft&tag=${encodeURIComponent("交通")}&q=x`, 200, desk);
    await get("desk list en", "/desk?lang=en", 200, desk);
    await get("desk editor new", "/desk/articles/new", 200, desk);
    await get("desk editor edit", `/desk/articles/${id}/edit`, 200, desk);
    await get("desk editor saved", `/desk/articles/${id}/edit?saved=1`, 200, desk);
    await get("desk sessions", "/desk/sessions", 200, desk);
    await get("desk not found", "/desk/articles/999999/edit", 404, desk);

    docs.set(PLANTED, PLANTED_HTML);
    errors = await nuErrors(docs);
  }, 180_000);
  afterAll(() => worker?.stop());

  it("the checker has teeth: the planted invalid document is reported", () => {
    const planted = (errors.get(PLANTED) ?? []).map((m) => m.message).join("\n");
    expect(planted).toMatch(/Duplicate attribute/);
    expect(planted).toMatch(/Duplicate ID/);
    expect(planted).toMatch(/No “p” element in scope/);
  });

  it("no message is left unattributed to a page", () => {
    expect([...errors.keys()].filter((k) => k.startsWith("(unattributed)"))).toEqual([]);
  });

  it("every page kind has 0 Nu errors", () => {
    const failures = [...errors]
      .filter(([label]) => label !== PLANTED)
      .filter(([, messages]) => messages.length > 0)
      .map(([label, messages]) => `${label}\n  ${messages.map(describeNu).join("\n  ")}`);
    expect(docs.size).toBeGreaterThanOrEqual(20);
    expect(failures.join("\n"), `Nu errors:\n${failures.join("\n")}`).toBe("");
  });
});
