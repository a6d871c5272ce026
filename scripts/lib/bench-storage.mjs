// D1 bytes per article at a bench size: the loaded database's SQLite file(s) on disk ÷ its articles.
import { readdir, stat } from "node:fs/promises";
import path from "node:path";

/**
 * @typedef {{ articles: number, sqliteBytes: number, bytesPerArticle: number, components: unknown }} StorageFigures
 *   components: the per-component measurement (issue 16 item 4), null until it is plugged in here
 */

/** @param {string} dir @returns {Promise<number>} */
async function sqliteBytesUnder(dir) {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) total += await sqliteBytesUnder(file);
    // The WAL holds pages not yet checkpointed into the main file: both are the database's bytes.
    else if (/\.sqlite(-wal)?$/.test(entry.name)) total += (await stat(file)).size;
  }
  return total;
}

/**
 * @param {import("./sql-database").SqlDatabase} d1
 * @param {string} persistDir Miniflare's d1Persist directory
 * @returns {Promise<StorageFigures>}
 */
export async function storageFigures(d1, persistDir) {
  const { n } = /** @type {{ n: number }} */ (await d1.prepare("select count(*) as n from articles").first());
  const sqliteBytes = await sqliteBytesUnder(persistDir);
  // Seam for measureBytesPerArticle (per table and index, another engineer's): call it here with d1.
  return { articles: n, sqliteBytes, bytesPerArticle: n ? sqliteBytes / n : 0, components: null };
}
