// npm run import-feed -- URL_OR_FILE [--url BASE] [--token T] [--draft]
// Imports an RSS 2.0, Atom or JSON Feed into the site. Each item keeps its source guid as its
// permanent id, so re-running imports nothing twice: a known guid is updated only when the source
// says it changed after our copy was last edited, otherwise skipped.
import { readFile } from "node:fs/promises";
import { ApiError, parseCommandLine } from "./lib/api-client.mjs";
import { diffArticle } from "./lib/article-diff.mjs";
import { mapFeed } from "./lib/feed-map.mjs";
import { Progress } from "./lib/progress.mjs";

const USAGE = "usage: npm run import-feed -- URL_OR_FILE [--url BASE] [--token TOKEN] [--draft]";

const { args, api } = parseCommandLine(
  USAGE,
  (positionals) => positionals.length === 1 || "give exactly one feed URL or file",
);

const source = args.positionals[0];
let feed;
try {
  const isUrl = /^https?:\/\//i.test(source);
  feed = mapFeed(await readSource(source, isUrl), {
    sourceUrl: isUrl ? source : null,
    draft: args.values.draft,
  });
} catch (err) {
  console.error(`cannot read ${source}: ${err.message}`);
  process.exit(1);
}

console.log(`${feed.format.toUpperCase()} feed "${feed.title}": ${feed.items.length} items`);
const progress = new Progress(feed.items.length);
const counts = { created: 0, updated: 0, skipped: 0, failed: 0 };
for (const item of feed.items) {
  progress.start(item.label);
  try {
    const result = await importItem(item);
    counts[result.outcome]++;
    progress.finish(
      `${result.outcome.padEnd(8)} ${item.label} → ${result.url}${result.note ? ` (${result.note})` : ""}`,
    );
  } catch (err) {
    counts.failed++;
    const detail = err instanceof ApiError ? err.describe() : String(err?.message ?? err);
    progress.finish(
      `failed   ${item.label} [${item.article.guid}]\n${detail.replace(/^/gm, "    ")}`,
      process.stderr,
    );
  }
}
progress.end();
console.log(
  `${counts.created} created, ${counts.updated} updated, ${counts.skipped} skipped, ${counts.failed} failed`,
);
process.exitCode = counts.failed > 0 ? 1 : 0;

async function readSource(location, isUrl) {
  if (!isUrl) return readFile(location, "utf8");
  const res = await fetch(location, {
    headers: {
      accept:
        "application/feed+json, application/atom+xml, application/rss+xml, application/xml;q=0.9, */*;q=0.5",
    },
    signal: AbortSignal.timeout(30_000),
  });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return res.text();
}

async function importItem({ article, updatedAt }, note) {
  try {
    return await create(article, note);
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 409)) throw err;
    const pointer = err.problem?.errors?.[0]?.pointer;
    if (pointer === "/slug" && article.slug) {
      const { slug: _taken, ...withoutSlug } = article;
      return importItem({ article: withoutSlug, updatedAt }, "slug in use here, got a new one");
    }
    if (pointer !== "/guid" || err.problem?.articleId === undefined) throw err;
    return updateExisting(err.problem.articleId, article, updatedAt);
  }
}

async function create(article, note) {
  // The guid makes the create idempotent: a retry of a lost answer meets 409 and is then skipped.
  const res = await api.request("POST", "/api/v1/articles", { json: article });
  return { outcome: "created", url: res.data.url, note };
}

/** Already imported: refresh it only if the source changed after our copy was last edited. */
async function updateExisting(id, article, sourceUpdatedAt) {
  const found = await api.findArticle(String(id));
  if (!found)
    throw new Error(`article ${id} holds this guid but cannot be read (does the token have drafts:read?)`);
  if (found.gone) {
    return {
      outcome: "skipped",
      url: new URL(`/api/v1/articles/${id}`, api.base).href,
      note: "deleted here",
    };
  }
  const { article: current, etag } = found;
  const { slug: _slug, guid: _guid, status: _status, ...desired } = article;
  const patch = diffArticle(desired, current, { clearAbsent: false });
  if (Object.keys(patch).length === 0) return { outcome: "skipped", url: current.url, note: "unchanged" };
  if (current.deletedAt) return { outcome: "skipped", url: current.url, note: "deleted here" };
  if (!sourceUpdatedAt || sourceUpdatedAt <= Date.parse(current.updatedAt)) {
    return {
      outcome: "skipped",
      url: current.url,
      note: "differs, but the source is not newer than our copy",
    };
  }
  const res = await api.request("PATCH", `/api/v1/articles/${id}`, {
    json: patch,
    headers: { "if-match": etag },
  });
  return { outcome: "updated", url: res.data.url, note: Object.keys(patch).join(", ") };
}
