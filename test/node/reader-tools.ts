import { execFile, spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

// Real feed readers driven from the Node tests: Debian's python3-feedparser (the parser under rss2email)
// and newsboat (its sqlite cache is what it shows). Outside CI a missing tool skips with a message;
// with CI=true it fails, so a broken CI image cannot pass silently.

const exec = promisify(execFile);
// Debian's interpreter, not a pyenv/venv one that lacks the Debian package.
export const PYTHON = process.env.FEEDPARSER_PYTHON ?? "/usr/bin/python3";

function works(command: string, args: string[]): boolean {
  const run = spawnSync(command, args, { stdio: "ignore", timeout: 20_000 });
  return run.status === 0;
}

/** null when the tool runs, else why not (with the package to install). */
export function missingTool(tool: "feedparser" | "newsboat"): string | null {
  if (tool === "feedparser") {
    return works(PYTHON, ["-c", "import feedparser"])
      ? null
      : `${PYTHON} cannot import feedparser: apt-get install -y python3-feedparser (or set FEEDPARSER_PYTHON)`;
  }
  if (!works("newsboat", ["-v"])) return "newsboat not found: apt-get install -y newsboat";
  if (!works(PYTHON, ["-c", "import sqlite3"]))
    return `${PYTHON} with sqlite3 is needed to read newsboat's cache`;
  return null;
}

/** Skips (outside CI) or fails (CI=true) when the tool is missing. */
export function requireTool(tool: "feedparser" | "newsboat"): boolean {
  const missing = missingTool(tool);
  if (missing === null) return true;
  if (process.env.CI === "true") throw new Error(`CI=true and ${missing}`);
  console.warn(`skipping ${tool} tests: ${missing}`);
  return false;
}

export interface FeedparserDetail {
  type: string;
  value: string;
}

export interface FeedparserEntry {
  id: string;
  title_detail: FeedparserDetail | null;
  summary: string | null;
  summary_detail: FeedparserDetail | null;
  content: FeedparserDetail[] | null;
  media_content: { url?: string }[] | null;
  media_credit: { content?: string }[] | null;
  author: string | null;
}

export interface FeedparserResult {
  bozo: boolean;
  bozo_exception: string | null;
  version: string;
  title_detail: FeedparserDetail | null;
  entries: FeedparserEntry[];
}

const FEEDPARSER_SCRIPT = `
import feedparser, json, sys
FIELDS = ["id", "title_detail", "summary", "summary_detail", "content", "media_content", "media_credit", "author"]
out = []
for body in json.load(sys.stdin):
    d = feedparser.parse(body.encode("utf-8"))
    out.append({
        "bozo": bool(d.bozo),
        "bozo_exception": str(d.get("bozo_exception")) if d.bozo else None,
        "version": d.version,
        "title_detail": d.feed.get("title_detail"),
        "entries": [{k: e.get(k) for k in FIELDS} for e in d.entries],
    })
json.dump(out, sys.stdout, ensure_ascii=False)
`;

/** Parses every document in one feedparser process. */
export async function feedparser(bodies: string[]): Promise<FeedparserResult[]> {
  const child = execFile(PYTHON, ["-c", FEEDPARSER_SCRIPT], { maxBuffer: 64 * 1024 * 1024 });
  const output = new Promise<string>((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr?.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(stdout) : reject(new Error(`feedparser: ${stderr}`))));
  });
  child.stdin?.end(JSON.stringify(bodies));
  return JSON.parse(await output) as FeedparserResult[];
}

export interface NewsboatItem {
  guid: string;
  title: string;
  author: string;
  url: string;
  content: string;
}

const CACHE_SCRIPT = `
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.row_factory = sqlite3.Row
rows = db.execute("select guid, title, author, url, content from rss_item order by id").fetchall()
json.dump([dict(r) for r in rows], sys.stdout, ensure_ascii=False)
`;

/**
 * What newsboat stores (and shows) for one feed URL: `newsboat -x reload` with its own HOME, urls,
 * config and cache, so nothing of the machine's own newsboat setup is read or touched.
 */
export async function newsboat(url: string): Promise<NewsboatItem[]> {
  const dir = await mkdtemp(path.join(tmpdir(), "enf-newsboat-"));
  try {
    const urls = path.join(dir, "urls");
    const config = path.join(dir, "config");
    const cache = path.join(dir, "cache.db");
    await writeFile(urls, `${url}\n`);
    await writeFile(config, "");
    const env = { ...process.env, HOME: dir, XDG_CONFIG_HOME: dir, XDG_DATA_HOME: dir, LANG: "C.UTF-8" };
    const args = ["-u", urls, "-c", cache, "-C", config, "-x", "reload"];
    await exec("newsboat", args, { env, timeout: 60_000 });
    const { stdout } = await exec(PYTHON, ["-c", CACHE_SCRIPT, cache], { maxBuffer: 64 * 1024 * 1024 });
    return JSON.parse(stdout) as NewsboatItem[];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

/** Decodes HTML character references (what an HTML-reading client shows for them). */
export function decodeHtml(html: string): string {
  return html.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (ref, name: string) => {
    if (name.startsWith("#")) {
      const hex = name[1] === "x" || name[1] === "X";
      return String.fromCodePoint(Number.parseInt(name.slice(hex ? 2 : 1), hex ? 16 : 10));
    }
    return NAMED[name.toLowerCase()] ?? ref;
  });
}

/** The text a reader renders from HTML: tags dropped, references decoded, whitespace collapsed. */
export function visibleText(html: string): string {
  return decodeHtml(html.replace(/<[^>]*>/g, " "))
    .replace(/\s+/g, " ")
    .trim();
}

/** The text a feedparser client shows for a text construct: plain text as is, HTML rendered. */
export function shownText(detail: FeedparserDetail | null): string {
  if (!detail) return "";
  return detail.type === "text/plain" ? detail.value.replace(/\s+/g, " ").trim() : visibleText(detail.value);
}

/** The title a feedparser client shows: text as is, HTML rendered to text. */
export function shownTitle(detail: FeedparserDetail | null): string {
  if (!detail) return "";
  return detail.type === "text/plain" ? detail.value : decodeHtml(detail.value);
}
