import { and, eq, type SQL, sql } from "drizzle-orm";
import { type ArticleRow, isListed, isPubliclyVisible } from "../domain/article";
import type { ArticleContent } from "../domain/article-prepare";
import { undoOf } from "../domain/revision-undo";
import type { ScopeKind } from "../domain/scope";
import { inflateBody, storedBodyColumns } from "./article-body";
import { runBatch } from "./batch";
import type { Db } from "./client";
import { claimStatements, type IdempotencyClaim } from "./idempotency";
import { articleRevisions, articleScopes, articleSlugs, articles } from "./schema";
import { indexArticleStatement, reindexArticleStatements } from "./search-index";

type RevisionAction = (typeof articleRevisions.$inferInsert)["action"];
type NewArticleRow = Omit<ArticleRow, "id">;

// D1 allows 100 bound parameters per statement; a scope row binds 6.
const SCOPE_ROWS_PER_STATEMENT = 15;

export function scopeKeysOf(content: Pick<ArticleContent, "section" | "tags" | "authors">) {
  const keys: { kind: ScopeKind; key: string }[] = [{ kind: "site", key: "" }];
  content.section.forEach((_, i) => {
    keys.push({ kind: "section", key: content.section.slice(0, i + 1).join("/") });
  });
  for (const tag of content.tags) keys.push({ kind: "tag", key: tag });
  for (const name of new Set(content.authors.map((a) => a.name))) keys.push({ kind: "author", key: name });
  return keys;
}

/**
 * When readers last saw this article change. Draft edits leave it alone (feeds keep their
 * validators); a future schedule records the moment it will appear, so validators move then.
 * A schedule pulled before its time never happened: the value goes back to the last change readers
 * really saw (`lastSeenChange`), so nothing public moves at the pulled moment.
 */
export function nextPublicChangedAt(
  before: ArticleRow | null,
  after: NewArticleRow,
  now: number,
  lastSeenChange: number | null = null,
): number | null {
  if (isVisibleChange(before, after, now)) return now;
  if (isListed(after) && after.publishedAt !== null) return after.publishedAt;
  const kept = before?.publicChangedAt ?? null;
  return kept !== null && kept > now ? lastSeenChange : kept;
}

/** Whether readers can see this write happen now: the article is public before or after it. */
export function isVisibleChange(before: ArticleRow | null, after: NewArticleRow, now: number): boolean {
  return (before !== null && isPubliclyVisible(before, now)) || isPubliclyVisible(after, now);
}

function newWriteId(): string {
  return crypto.randomUUID();
}

export interface CreateOptions {
  now: number;
  tokenId: string | null;
  guid?: string;
  idempotency?: IdempotencyClaim;
}

/**
 * Inserts the article, its slug, scope rows, revision 1 and the idempotency claim in one batch:
 * all or nothing. A duplicate slug or idempotency key aborts it with a UNIQUE constraint error.
 */
export async function insertArticle(db: Db, content: ArticleContent, slug: string, options: CreateOptions) {
  const { now } = options;
  const row: NewArticleRow = {
    ...content,
    guid: options.guid ?? `urn:uuid:${crypto.randomUUID()}`,
    slug,
    createdAt: now,
    updatedAt: now,
    publicChangedAt: null,
    deletedAt: null,
    version: 1,
    writeId: newWriteId(),
    createdBy: options.tokenId,
    updatedBy: options.tokenId,
  };
  row.publicChangedAt = nextPublicChangedAt(null, row, now);
  const articleId = sql`(select ${articles.id} from ${articles} where ${articles.guid} = ${row.guid})`;
  const { bodyHtml, ...columns } = row;
  await runBatch(db, [
    db.insert(articles).values({ ...columns, ...storedBodyColumns(bodyHtml) }),
    db.insert(articleSlugs).values({ slug, articleId, createdAt: now }),
    // Scope rows record only changes readers saw: a future schedule shows through published_at.
    ...scopeStatements(row, articleId, sql`1`, isVisibleChange(null, row, now) ? now : 0),
    indexArticleStatement(articleId, row),
    db.insert(articleRevisions).values({
      articleId,
      version: 1,
      action: "create",
      undo: null,
      tokenId: options.tokenId,
      createdAt: now,
    }),
    ...(options.idempotency
      ? claimStatements(db, options.idempotency, options.tokenId ?? "", articleId, now)
      : []),
  ]);
  const [created] = await db.select().from(articles).where(eq(articles.guid, row.guid)).limit(1);
  if (!created) throw new Error("article vanished after insert");
  return inflateBody(created);
}

export interface UpdateOptions {
  now: number;
  tokenId: string | null;
  action: Exclude<RevisionAction, "create">;
  /** Extra column changes beyond content (deletedAt for delete/restore). */
  deletedAt?: number | null;
}

/**
 * Applies a new state to `current` iff nobody changed it since it was read (version check in the
 * UPDATE itself, so two racing editors cannot both win). Companion statements are guarded by the
 * write id, so a lost race writes nothing at all. Returns null when the version no longer matched.
 */
export async function updateArticle(
  db: Db,
  current: ArticleRow,
  content: ArticleContent,
  slug: string,
  options: UpdateOptions,
): Promise<ArticleRow | null> {
  const { now } = options;
  const writeId = newWriteId();
  const next: NewArticleRow = {
    ...current,
    ...content,
    slug,
    updatedAt: now,
    deletedAt: options.deletedAt === undefined ? current.deletedAt : options.deletedAt,
    version: current.version + 1,
    writeId,
    updatedBy: options.tokenId,
  };
  const pendingPulled = (current.publicChangedAt ?? 0) > now && !isListed(next);
  const lastSeen = pendingPulled ? await lastSeenChange(db, current.id, now) : null;
  next.publicChangedAt = nextPublicChangedAt(current, next, now, lastSeen);
  // Only a change readers see moves the scopes' change times; otherwise each row keeps its own.
  const scopeChangedAt = isVisibleChange(current, next, now) ? now : null;
  const { bodyHtml, id: _id, ...changes } = { ...next, id: current.id };
  const stored = storedBodyColumns(bodyHtml);
  const guard = sql`exists (select 1 from ${articles} where ${articles.id} = ${current.id} and ${articles.writeId} = ${writeId})`;
  const update = db
    .update(articles)
    .set({ ...changes, ...stored })
    .where(and(eq(articles.id, current.id), eq(articles.version, current.version)));
  const statements = [
    sql`insert into ${articleSlugs} (slug, article_id, created_at)
      select ${slug}, ${current.id}, ${now} where ${guard}
      on conflict (slug) do nothing`,
    db
      .update(articleScopes)
      .set({
        listed: false,
        writeId,
        ...(scopeChangedAt === null ? {} : { publicChangedAt: scopeChangedAt }),
      })
      .where(and(eq(articleScopes.articleId, current.id), guard)),
    ...scopeStatements(next, sql`${current.id}`, guard, scopeChangedAt),
    // Every update re-indexes (a status-only change rewrites the same tokens): no write can leave it stale.
    ...reindexArticleStatements(current.id, current, next, guard),
    // The version check makes `current` exactly the stored previous version the undo leads back to.
    sql`insert into ${articleRevisions} (article_id, version, action, undo, token_id, created_at)
      select ${current.id}, ${next.version}, ${options.action}, ${JSON.stringify(undoOf({ ...next, id: current.id }, current))}, ${options.tokenId}, ${now}
      where ${guard}`,
  ];
  const [result] = await runBatch(db, [update, ...statements]);
  if (!result || result.meta.changes === 0) return null;
  return { ...next, id: current.id };
}

/**
 * The last public change readers saw: the site scope row only ever records those (a schedule
 * still pending is not one). null when the article was never public.
 */
async function lastSeenChange(db: Db, articleId: number, now: number): Promise<number | null> {
  const row = await db
    .select({ at: articleScopes.publicChangedAt })
    .from(articleScopes)
    .where(
      and(eq(articleScopes.kind, "site"), eq(articleScopes.key, ""), eq(articleScopes.articleId, articleId)),
    )
    .get();
  const at = row?.at ?? 0;
  return at > 0 && at <= now ? at : null;
}

/**
 * Upserts the article's scope rows with its visibility and write id; `changedAt` null keeps an
 * existing row's change time (new rows: 0).
 */
function scopeStatements(row: NewArticleRow, articleId: SQL, guard: SQL, changedAt: number | null) {
  const listed = isListed(row) ? 1 : 0;
  const publishedAt = row.publishedAt ?? 0;
  const keys = scopeKeysOf(row);
  const keepChangedAt = changedAt === null ? 1 : 0;
  const statements = [];
  for (let i = 0; i < keys.length; i += SCOPE_ROWS_PER_STATEMENT) {
    const chunk = keys.slice(i, i + SCOPE_ROWS_PER_STATEMENT);
    const values = sql.join(
      chunk.map((k) => sql`(${k.kind}, ${k.key})`),
      sql`, `,
    );
    statements.push(
      sql`with v(kind, key) as (values ${values})
        insert into ${articleScopes} (kind, key, article_id, listed, published_at, public_changed_at, write_id)
        select v.kind, v.key, ${articleId}, ${listed}, ${publishedAt}, ${changedAt ?? 0}, ${row.writeId} from v where ${guard}
        on conflict (kind, key, article_id) do update set
          listed = excluded.listed, published_at = excluded.published_at, write_id = excluded.write_id,
          public_changed_at = case when ${keepChangedAt} = 1 then public_changed_at else excluded.public_changed_at end`,
    );
  }
  return statements;
}

export function isUniqueViolation(err: unknown, target: string): boolean {
  const message =
    err instanceof Error ? `${err.message} ${String((err as { cause?: unknown }).cause ?? "")}` : "";
  return message.includes("UNIQUE constraint failed") && message.includes(target);
}
