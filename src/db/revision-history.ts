// Reads revisions back. Only the newest version is stored whole (the article row); each revision
// row holds the undo to the version before it, so a version is rebuilt by walking down from the row.
import { and, asc, desc, eq, getTableColumns, gte } from "drizzle-orm";
import type { ArticleRow } from "../domain/article";
import { applyUndo } from "../domain/revision-undo";
import { inflateBody } from "./article-body";
import type { Db } from "./client";
import { apiTokens, articleRevisions, articles } from "./schema";

export interface StoredRevision {
  version: number;
  action: "create" | "update" | "delete" | "restore";
  tokenId: string | null;
  /** The name of the token that wrote it (null for the cron or a token since deleted). */
  tokenName: string | null;
  createdAt: number;
  article: ArticleRow;
}

/**
 * Up to `limit` versions below `below` (all versions from the newest down when null), newest first.
 * Reads every revision row from the newest down to the oldest one asked for.
 */
export async function revisionsNewestFirst(
  db: Db,
  articleId: number,
  options: { below: number | null; limit: number },
): Promise<StoredRevision[]> {
  const stored = await db.select().from(articles).where(eq(articles.id, articleId)).get();
  if (!stored) return [];
  const current = inflateBody(stored);
  const below = Math.min(options.below ?? current.version + 1, current.version + 1);
  const lowest = below - options.limit;
  const rows = await db
    .select({ revision: articleRevisions, tokenName: apiTokens.name })
    .from(articleRevisions)
    .leftJoin(apiTokens, eq(apiTokens.id, articleRevisions.tokenId))
    .where(and(eq(articleRevisions.articleId, articleId), gte(articleRevisions.version, lowest)))
    .orderBy(desc(articleRevisions.version));
  const found: StoredRevision[] = [];
  let state: ArticleRow | null = current;
  for (const { revision, tokenName } of rows) {
    // A missing revision row breaks the chain: nothing older can be rebuilt.
    if (state === null || revision.version !== state.version) break;
    if (revision.version < below) {
      const { version, action, tokenId, createdAt } = revision;
      found.push({ version, action, tokenId, tokenName, createdAt, article: state });
    }
    state = revision.undo ? applyUndo(state, revision.undo) : null;
  }
  return found;
}

export async function findRevision(
  db: Db,
  articleId: number,
  version: number,
): Promise<StoredRevision | null> {
  const [found] = await revisionsNewestFirst(db, articleId, { below: version + 1, limit: 1 });
  return found?.version === version ? found : null;
}

/** Every version's bookkeeping (no content), oldest first. */
export async function listRevisionHeads(db: Db, articleId: number) {
  const { undo: _undo, ...heads } = getTableColumns(articleRevisions);
  return db
    .select(heads)
    .from(articleRevisions)
    .where(eq(articleRevisions.articleId, articleId))
    .orderBy(asc(articleRevisions.version));
}
