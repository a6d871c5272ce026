// npm run import-feed -- URL_OR_FILE [--url BASE] [--token T] [--draft] [--source-offset ±HH:MM] [--all]
// Imports an RSS 2.0, Atom or JSON Feed into the site. Each item keeps its source guid as its
// permanent id, so re-running imports nothing twice: a known guid is updated only when the source
// says it changed after our copy was last edited, otherwise skipped.
import { readFileSync } from "node:fs";
import { ApiError, parseCommandLine } from "./lib/api-client";
import { diffArticle } from "./lib/article-diff";
import { normalizeOffset } from "./lib/feed-dates";
import type { ImportedArticle, MappedItem } from "./lib/feed-map";
import { mapFeed } from "./lib/feed-map";
import { type FeedPages, readFeedPages, sourceUrlOf } from "./lib/feed-source";
import { Progress } from "./lib/progress";

const USAGE =
  "usage: npm run import-feed -- URL_OR_FILE [--url BASE] [--token TOKEN] [--draft]\n" +
  "         [--source-offset ±HH:MM] [--all [--max-pages N]]";
const DEFAULT_MAX_PAGES = 50;

const { args, api } = parseCommandLine(
  USAGE,
  (positionals) => positionals.length === 1 || "give exactly one feed URL or file",
  {
    "source-offset": { type: "string" },
    all: { type: "boolean", default: false },
    "max-pages": { type: "string" },
  },
);
const sourceOffset = sourceOffsetFrom(args.values["source-offset"]);
const maxPages = maxPagesFrom(args.values["max-pages"]);

const source = args.positionals[0] ?? "";
let read: FeedPages;
try {
  read = await readFeedPages(
    sourceUrlOf(source),
    (text, url) =>
      mapFeed(text, { sourceUrl: url, draft: args.values.draft, sourceOffset: sourceOffset.offset }),
    { follow: Boolean(args.values.all), maxPages },
  );
} catch (err) {
  console.error(`cannot read ${source}: ${(err as Error).message}`);
  process.exit(1);
}

const { pages } = read;
// readFeedPages returns at least the first page or throws.
const first = (pages[0] as (typeof pages)[number]).feed;
const items = uniqueByGuid(pages.flatMap((page) => page.feed.items));
const fromPages = pages.length > 1 ? ` from ${pages.length} pages` : "";
console.log(`${first.format.toUpperCase()} feed "${first.title}": ${items.length} items${fromPages}`);
for (const encoding of new Set(pages.map((p) => `${p.encoding} (${p.from})`))) {
  console.log(`text encoding: ${encoding}`);
}
const offsetless = items.filter((item) => item.offsetAssumed).length;
if (offsetless > 0) {
  console.log(
    `${offsetless} item dates had no UTC offset: read as ${sourceOffset.offset} (${sourceOffset.origin}; change with --source-offset)`,
  );
}
if (read.more) console.log(`the feed has more pages (next: ${read.more}); --all follows them`);
if (read.stop) console.error(`paging: ${read.stop}`);

const progress = new Progress(items.length);
const counts: Record<Outcome | "failed", number> = { created: 0, updated: 0, skipped: 0, failed: 0 };
for (const item of items) {
  progress.start(item.label);
  try {
    const result = await importItem(item);
    counts[result.outcome]++;
    progress.finish(
      `${result.outcome.padEnd(8)} ${item.label} → ${result.url}${result.note ? ` (${result.note})` : ""}`,
    );
  } catch (err) {
    counts.failed++;
    const detail = err instanceof ApiError ? err.describe() : String((err as Error | null)?.message ?? err);
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

/** --source-offset, else SITE_UTC_OFFSET (environment, then wrangler.toml [vars]), else UTC. */
function sourceOffsetFrom(flag: string | undefined): { offset: string; origin: string } {
  if (flag !== undefined) {
    const offset = normalizeOffset(flag);
    if (!offset) return usageError(`--source-offset is not a UTC offset like +08:00: ${flag}`);
    return { offset, origin: "--source-offset" };
  }
  const configured = [
    { value: process.env.SITE_UTC_OFFSET, origin: "SITE_UTC_OFFSET in the environment" },
    { value: wranglerVar("SITE_UTC_OFFSET"), origin: "the site's SITE_UTC_OFFSET in wrangler.toml" },
  ]
    .map((c) => ({ offset: normalizeOffset(c.value), origin: c.origin }))
    .find((c) => c.offset !== null);
  return configured?.offset
    ? { offset: configured.offset, origin: configured.origin }
    : { offset: "Z", origin: "no SITE_UTC_OFFSET configured" };
}

function wranglerVar(name: string): string | undefined {
  let toml: string;
  try {
    toml = readFileSync(new URL("../wrangler.toml", import.meta.url), "utf8");
  } catch {
    return undefined;
  }
  const vars = /^\[vars\]\s*$([\s\S]*?)(?=^\[|(?![\s\S]))/m.exec(toml)?.[1] ?? "";
  return new RegExp(`^\\s*${name}\\s*=\\s*"([^"]*)"`, "m").exec(vars)?.[1];
}

function maxPagesFrom(flag: string | undefined): number {
  if (flag === undefined) return DEFAULT_MAX_PAGES;
  const n = Number(flag);
  if (!Number.isInteger(n) || n < 1) return usageError(`--max-pages must be a whole number ≥ 1: ${flag}`);
  return n;
}

function usageError(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

/** Paged feeds repeat items across pages as they shift; the first (newest) copy wins. */
function uniqueByGuid(all: MappedItem[]): MappedItem[] {
  const seen = new Set<string>();
  return all.filter((item) => !seen.has(item.article.guid) && seen.add(item.article.guid));
}

type Outcome = "created" | "updated" | "skipped";
type ImportResult = { outcome: Outcome; url: string; note?: string };

async function importItem(
  { article, updatedAt }: Pick<MappedItem, "article" | "updatedAt">,
  note?: string,
): Promise<ImportResult> {
  try {
    return await create(article, note);
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 409)) throw err;
    const pointer = err.problem?.errors?.[0]?.pointer;
    if (pointer === "/slug" && article.slug) {
      const { slug: _taken, ...withoutSlug } = article;
      return importItem({ article: withoutSlug, updatedAt }, "slug in use here, got a new one");
    }
    // The 409 for a taken guid names the article that holds it.
    const holder = (err.problem as { articleId?: number | string } | null)?.articleId;
    if (pointer !== "/guid" || holder === undefined) throw err;
    return updateExisting(holder, article, updatedAt);
  }
}

async function create(article: ImportedArticle, note: string | undefined): Promise<ImportResult> {
  // The guid makes the create idempotent: a retry of a lost answer meets 409 and is then skipped.
  const res = await api.request("POST", "/api/v1/articles", { json: article });
  return { outcome: "created", url: res.data.url, note };
}

/** Already imported: refresh it only if the source changed after our copy was last edited. */
async function updateExisting(
  id: number | string,
  article: ImportedArticle,
  sourceUpdatedAt: number | null,
): Promise<ImportResult> {
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
    // A missing ETag becomes If-Match: null, which no version matches: 412, never a blind overwrite.
    headers: { "if-match": String(etag) },
  });
  return { outcome: "updated", url: res.data.url, note: Object.keys(patch).join(", ") };
}
