import type { Db } from "./client";
import { findRevision, revisionsNewestFirst, type StoredRevision } from "./revision-history";

export type DeskRevision = StoredRevision;

/** Newest first, `limit` versions below `beforeVersion` (all when null). */
export async function listDeskRevisions(
  db: Db,
  articleId: number,
  options: { limit: number; beforeVersion: number | null },
): Promise<DeskRevision[]> {
  return revisionsNewestFirst(db, articleId, { below: options.beforeVersion, limit: options.limit });
}

export async function findDeskRevision(
  db: Db,
  articleId: number,
  version: number,
): Promise<DeskRevision | null> {
  return findRevision(db, articleId, version);
}
