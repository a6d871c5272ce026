// npm run publish -- FILE.md… [--url BASE] [--token T] [--draft]
// Creates or updates one article per Markdown file (YAML front matter → fields, body → Markdown),
// matched by slug. A failing file is reported and the rest go on; exit code 1 if any failed.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { ApiError, canonical, parseCommandLine, sha256 } from "./lib/api-client";
import { diffArticle } from "./lib/article-diff";
import { articleFromMarkdown, FrontMatterError } from "./lib/front-matter";
import { IMAGE_TYPES } from "./lib/image-types";
import { Progress } from "./lib/progress";

const USAGE = "usage: npm run publish -- FILE.md [FILE.md…] [--url BASE] [--token TOKEN] [--draft]";

const { args, api } = parseCommandLine(USAGE, (positionals) => positionals.length > 0 || "no files given");

const files = args.positionals;
const progress = new Progress(files.length);
const counts: Record<Outcome | "failed", number> = { created: 0, updated: 0, unchanged: 0, failed: 0 };

for (const file of files) {
  progress.start(file);
  try {
    const result = await publishFile(file);
    counts[result.outcome]++;
    progress.finish(
      `${result.outcome.padEnd(9)} ${file} → ${result.url}${result.note ? ` (${result.note})` : ""}`,
    );
  } catch (err) {
    counts.failed++;
    progress.finish(`failed    ${file}\n${indent(describe(err))}`, process.stderr);
  }
}
progress.end();
console.log(
  `${counts.created} created, ${counts.updated} updated, ${counts.unchanged} unchanged, ${counts.failed} failed`,
);
process.exitCode = counts.failed > 0 ? 1 : 0;

type Outcome = "created" | "updated" | "unchanged";

async function publishFile(file: string): Promise<{ outcome: Outcome; url: string; note?: string }> {
  const text = await readFile(file, "utf8");
  const { article, imageFile } = articleFromMarkdown(text, file, { draft: args.values.draft });
  if (imageFile) article.image = await uploadImage(imageFile, article.image);

  const existing = await api.findArticle(article.slug);
  if (existing?.gone) throw new Error(`${existing.detail} It holds this slug: restore it first.`);
  if (!existing) {
    // Same file, same request, same key: a retry after a lost answer cannot create a second article.
    // The server replays such a retry with the article as it is now, or 410 once it was deleted.
    const key = `publish-${sha256(canonical(article)).slice(0, 48)}`;
    const res = await api.request("POST", "/api/v1/articles", {
      json: article,
      headers: { "idempotency-key": key },
    });
    if (res.headers.get("idempotent-replayed") === "true") {
      return {
        outcome: "unchanged",
        url: res.data.url,
        note: `created by an earlier run as id ${res.data.id}`,
      };
    }
    return { outcome: "created", url: res.data.url, note: `id ${res.data.id}` };
  }
  const { article: current, etag } = existing;
  if (current.deletedAt) throw new Error(`article ${current.id} with this slug is deleted: restore it first`);
  const { slug: _slug, guid: _guid, ...desired } = article;
  const patch = diffArticle(desired, current, { clearAbsent: true });
  if (Object.keys(patch).length === 0) return { outcome: "unchanged", url: current.url };
  const res = await api.request("PATCH", `/api/v1/articles/${current.id}`, {
    json: patch,
    // A missing ETag becomes If-Match: null, which no version matches: 412, never a blind overwrite.
    headers: { "if-match": String(etag) },
  });
  return { outcome: "updated", url: res.data.url, note: Object.keys(patch).join(", ") };
}

async function uploadImage(file: string, image: Record<string, unknown> | undefined) {
  const type = IMAGE_TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream";
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    throw new FrontMatterError(`image file not found: ${file}`);
  }
  const uploaded = await api.uploadImage(bytes, type);
  return { ...image, ...uploaded.image };
}

function describe(err: unknown): string {
  if (err instanceof ApiError) return err.describe();
  if (err instanceof FrontMatterError) return err.message;
  const failure = err as { code?: string; path?: string; message?: string } | null;
  if (failure?.code === "ENOENT") return `no such file: ${failure.path}`;
  return String(failure?.message ?? err);
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((line) => `    ${line}`)
    .join("\n");
}
