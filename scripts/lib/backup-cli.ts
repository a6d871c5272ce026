// What `npm run export` and `npm run import` share: their options and the database they open.
import type { ParseArgsConfig } from "node:util";
import { DEFAULT_PERSIST_TO, openLocalD1, wranglerD1 } from "./d1-targets";
import type { SqlDatabase } from "./sql-database";

export const BACKUP_OPTIONS = {
  file: { type: "string" },
  remote: { type: "boolean", default: false },
  "persist-to": { type: "string", default: DEFAULT_PERSIST_TO },
  force: { type: "boolean", default: false },
} as const satisfies ParseArgsConfig["options"];

/** The deployed D1 through wrangler (--remote), else the local files `npm start` uses. */
export async function openBackupTarget({
  remote,
  persistTo,
}: {
  remote: boolean;
  persistTo: string;
}): Promise<{ d1: SqlDatabase; dispose: () => Promise<void> }> {
  if (!remote) return openLocalD1({ persistTo });
  const d1 = wranglerD1({ remote: true });
  return { d1, dispose: d1.dispose };
}

/** "articles 3, article_slugs 4, …" */
export function countsLine(counts: Record<string, number>): string {
  return Object.entries(counts)
    .map(([table, n]) => `${table} ${n}`)
    .join(", ");
}
