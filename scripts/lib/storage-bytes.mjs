// D1 bytes per article: N synthetic articles (the bench's 3,000-character template) created and then
// edited 3 times through the real editor API, measured with SQLite's dbstat table (every B-tree:
// tables and indexes) as the growth over an empty database, divided by N. workerd's SQLite has no
// dbstat, so the Debian `sqlite3` shell reads the D1 file Miniflare persists.
import { execFile } from "node:child_process";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { syntheticArticle } from "./synthetic.mjs";

const exec = promisify(execFile);

/** Tables (and their indexes) that belong to one article; the search index is reported on its own. */
const COMPONENTS = {
  articles: "articles",
  article_scopes: "article_scopes",
  article_slugs: "article_slugs",
  article_revisions: "article_revisions",
};

/**
 * The SQLite file of the only D1 database Miniflare persists under `persistDir`.
 * @param {string} persistDir
 */
async function d1File(persistDir) {
  const dir = path.join(persistDir, "miniflare-D1DatabaseObject");
  const files = (await readdir(dir)).filter((f) => f.endsWith(".sqlite") && f !== "metadata.sqlite");
  if (files.length !== 1) throw new Error(`expected one D1 database in ${dir}, found ${files.length}`);
  return path.join(dir, /** @type {string} */ (files[0]));
}

/**
 * @param {string} file
 * @param {string} query
 * @returns {Promise<string[][]>}
 */
async function sqlite(file, query) {
  try {
    const { stdout } = await exec("sqlite3", ["-readonly", "-separator", "\t", file, query]);
    return stdout
      .trim()
      .split("\n")
      .filter(Boolean)
      .map((line) => line.split("\t"));
  } catch (err) {
    if (/** @type {{ code?: string }} */ (err).code === "ENOENT")
      throw new Error("measuring D1 bytes needs the sqlite3 shell: apt-get install sqlite3");
    throw err;
  }
}

/**
 * Bytes per B-tree (table or index name) and the table each belongs to.
 * @param {string} file
 */
async function readBtrees(file) {
  const sizes = await sqlite(file, "select name, sum(pgsize) from dbstat group by name");
  const owners = await sqlite(
    file,
    "select name, tbl_name from sqlite_schema where type in ('table', 'index')",
  );
  return {
    bytes: new Map(sizes.map(([name, bytes]) => [String(name), Number(bytes)])),
    owners: new Map(owners.map(([name, owner]) => [String(name), String(owner)])),
  };
}

/**
 * The bench's template article, or with its body made of `bodyText`'s paragraphs when given (real
 * prose compresses less than the template's 16 repeated phrases), rotated so bodies differ.
 * @param {number} index
 * @param {string | undefined} bodyText
 */
function articleAt(index, bodyText) {
  const article = syntheticArticle(index);
  if (bodyText === undefined) return article;
  const paragraphs = bodyText.split(/\n+/).filter((line) => line.trim() !== "");
  const at = index % paragraphs.length;
  const rotated = [...paragraphs.slice(at), ...paragraphs.slice(0, at)];
  const escapeText = (/** @type {string} */ text) => text.replaceAll("&", "&amp;").replaceAll("<", "&lt;");
  return { ...article, body: rotated.map((line) => `<p>${escapeText(line.trim())}</p>`).join("") };
}

/**
 * Three edits an editor typically makes: a headline fix, a paragraph rewritten, a tag added.
 * @param {number} index
 * @param {string | undefined} bodyText
 */
function edits(index, bodyText) {
  const article = articleAt(index, bodyText);
  const body = article.body.replace(/<p>([^<]{20})/, "<p>（更新）$1");
  return [{ title: `${article.title}（更正）` }, { body }, { tags: [...article.tags, "更新"] }];
}

/**
 * @typedef {object} StorageMeasurement
 * @property {number} articles how many were created (and edited 3 times each)
 * @property {number} bytesPerArticle every B-tree of the article tables (rows and indexes) ÷ articles
 * @property {Record<string, number>} components bytes per article per table, its indexes included
 * @property {Record<string, number>} btrees bytes per article per table or index
 * @property {number} searchIndexBytesPerArticle the article_search* tables, if they exist (0 otherwise)
 * @property {number} articlesIn10GB how many such articles a 10 GB D1 database holds
 */

/**
 * Creates `count` articles through the editor API of a running worker, edits each 3 times, and
 * returns the D1 bytes they added. The worker's D1 must be persisted in `persistDir` (startLocalWorker's
 * option) and should hold no other traffic meanwhile.
 * @param {{ baseUrl: string | URL, token: string, persistDir: string, count?: number, firstIndex?: number, bodyText?: string }} options
 * @returns {Promise<StorageMeasurement>}
 */
export async function measureBytesPerArticle({
  baseUrl,
  token,
  persistDir,
  count = 200,
  firstIndex = 10_000,
  bodyText,
}) {
  const file = await d1File(persistDir);
  const headers = { "content-type": "application/json", authorization: `Bearer ${token}` };
  const { bytes: before } = await readBtrees(file);
  for (let i = firstIndex; i < firstIndex + count; i++) {
    const created = await fetch(new URL("/api/v1/articles", baseUrl), {
      method: "POST",
      headers,
      body: JSON.stringify(articleAt(i, bodyText)),
    });
    if (created.status !== 201) throw new Error(`create ${i}: ${created.status} ${await created.text()}`);
    let { id, version } = /** @type {{ id: number, version: number }} */ (await created.json());
    for (const patch of edits(i, bodyText)) {
      const res = await fetch(new URL(`/api/v1/articles/${id}`, baseUrl), {
        method: "PATCH",
        headers: { ...headers, "if-match": `"a${id}-v${version}"` },
        body: JSON.stringify(patch),
      });
      if (res.status !== 200) throw new Error(`edit ${i}: ${res.status} ${await res.text()}`);
      ({ version } = /** @type {{ version: number }} */ (await res.json()));
    }
  }
  const { bytes: after, owners } = await readBtrees(file);
  /** @type {Record<string, number>} */
  const btrees = {};
  /** @type {Record<string, number>} */
  const components = {};
  let total = 0;
  let search = 0;
  for (const [name, bytes] of after) {
    const grown = (bytes - (before.get(name) ?? 0)) / count;
    const owner = owners.get(name) ?? name;
    if (owner.startsWith("article_search")) {
      search += grown;
      continue;
    }
    if (!(owner in COMPONENTS)) continue;
    btrees[name] = grown;
    components[owner] = (components[owner] ?? 0) + grown;
    total += grown;
  }
  return {
    articles: count,
    bytesPerArticle: total,
    components,
    btrees,
    searchIndexBytesPerArticle: search,
    articlesIn10GB: Math.floor(10e9 / total),
  };
}
