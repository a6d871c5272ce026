import { and, desc, eq, lt } from "drizzle-orm";
import type { ArticleRow } from "../domain/article";
import type { Db } from "./client";
import { apiTokens, articleRevisions } from "./schema";

export interface DeskRevision {
  version: number;
  action: "create" | "update" | "delete" | "restore";
  /** The name of the token that wrote it (null for the cron or a token since deleted). */
  tokenName: string | null;
  createdAt: number;
  article: ArticleRow;
}

type RevisionRow = typeof articleRevisions.$inferSelect;

function toDeskRevision(row: RevisionRow, tokenName: string | null): DeskRevision {
  const snapshot = JSON.parse(row.snapshot) as Omit<ArticleRow, "id">;
  return {
    version: row.version,
    action: row.action,
    tokenName,
    createdAt: row.createdAt,
    article: { ...snapshot, id: row.articleId },
  };
}

/** Newest first, `limit` versions below `beforeVersion` (all when null). */
export async function listDeskRevisions(
  db: Db,
  articleId: number,
  options: { limit: number; beforeVersion: number | null },
): Promise<DeskRevision[]> {
  const rows = await db
    .select({ revision: articleRevisions, tokenName: apiTokens.name })
    .from(articleRevisions)
    .leftJoin(apiTokens, eq(apiTokens.id, articleRevisions.tokenId))
    .where(
      and(
        eq(articleRevisions.articleId, articleId),
        options.beforeVersion === null ? undefined : lt(articleRevisions.version, options.beforeVersion),
      ),
    )
    .orderBy(desc(articleRevisions.version))
    .limit(options.limit);
  return rows.map((r) => toDeskRevision(r.revision, r.tokenName));
}

export async function findDeskRevision(
  db: Db,
  articleId: number,
  version: number,
): Promise<DeskRevision | null> {
  const [row] = await db
    .select({ revision: articleRevisions, tokenName: apiTokens.name })
    .from(articleRevisions)
    .leftJoin(apiTokens, eq(apiTokens.id, articleRevisions.tokenId))
    .where(and(eq(articleRevisions.articleId, articleId), eq(articleRevisions.version, version)))
    .limit(1);
  return row ? toDeskRevision(row.revision, row.tokenName) : null;
}
