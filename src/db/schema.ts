import { sql } from "drizzle-orm";
import {
  customType,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";
import type { Article, ArticleStatus, Author, Editor, Image, PrintEdition, Source } from "../domain/article";
import type { RevisionUndo } from "../domain/revision-undo";
import type { ScopeKind } from "../domain/scope";

// D1 hands a BLOB to the Worker as an array of byte values (an ArrayBuffer in some runtimes).
const bytes = customType<{ data: Uint8Array; driverData: Uint8Array | ArrayBuffer | number[] }>({
  dataType: () => "blob",
  fromDriver: (value) =>
    value instanceof Uint8Array
      ? value
      : value instanceof ArrayBuffer
        ? new Uint8Array(value)
        : Uint8Array.from(value),
});

// Instants are integer milliseconds since the epoch (UTC) everywhere: one sortable representation.
export const articles = sqliteTable(
  "articles",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    // Permanent feed identity (urn:uuid:…); never changes with slug, title or domain.
    guid: text("guid").notNull(),
    slug: text("slug").notNull(),
    status: text("status").$type<ArticleStatus>().notNull(),
    title: text("title").notNull(),
    subtitle: text("subtitle"),
    summary: text("summary").notNull(),
    summaryIsDerived: integer("summary_is_derived", { mode: "boolean" }).notNull(),
    language: text("language").notNull(),
    // Only Markdown bodies keep a source of their own: an HTML body's source is body_html itself.
    bodySource: text("body_source"),
    bodyFormat: text("body_format").$type<"html" | "markdown">().notNull(),
    // The body is stored once, deflated when that pays (db/article-body.ts): read it only through
    // inflateBodies, which gives the row back its `bodyHtml`. body_html is '' when body_html_z holds it;
    // body_html_z is empty for a body stored plain and NULL on rows written before migration 0006.
    storedBodyHtml: text("body_html").notNull(),
    bodyHtmlZ: bytes("body_html_z"),
    section: text("section", { mode: "json" }).$type<string[]>().notNull(),
    tags: text("tags", { mode: "json" }).$type<string[]>().notNull(),
    authors: text("authors", { mode: "json" }).$type<Author[]>().notNull(),
    editors: text("editors", { mode: "json" }).$type<Editor[]>().notNull(),
    source: text("source", { mode: "json" }).$type<Source>(),
    image: text("image", { mode: "json" }).$type<Image>(),
    printEdition: text("print_edition", { mode: "json" }).$type<PrintEdition>(),
    publishedAt: integer("published_at"),
    // Minutes east of UTC of the publishedAt the editor gave, so pages show the original local time.
    publishedOffset: integer("published_offset"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
    // Last time anything a reader could see changed (publish, edit while public, unpublish, delete).
    publicChangedAt: integer("public_changed_at"),
    deletedAt: integer("deleted_at"),
    version: integer("version").notNull(),
    // Random id of the write that produced this version; guards the companion statements of a batch.
    writeId: text("write_id").notNull(),
    createdBy: text("created_by"),
    updatedBy: text("updated_by"),
  },
  (t) => [
    uniqueIndex("articles_guid_unique").on(t.guid),
    uniqueIndex("articles_slug_unique").on(t.slug),
    index("articles_updated_idx").on(t.updatedAt, t.id),
    index("articles_status_updated_idx").on(t.status, t.updatedAt, t.id),
    index("articles_public_changed_idx").on(t.publicChangedAt, t.id),
    // The site feed's page straight from articles (db/feed-queries.ts): one row read per item.
    index("articles_listed_published_idx")
      .on(t.publishedAt)
      .where(sql`deleted_at is null and status <> 'draft'`),
    // Rows the compaction (db/body-compaction.ts) has not seen yet; empty once it has.
    index("articles_legacy_body_idx").on(t.id).where(sql`body_html_z is null`),
  ],
);

// The table must store exactly the domain's Article: a column added, dropped or retyped on either side
// stops the build here instead of surfacing as an undefined field at run time.
type SameShape<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Holds<T extends true> = T;
// The body columns are the exception, read back into `bodyHtml` by db/article-body.ts.
type StoredArticle = typeof articles.$inferSelect;
export type StoredBodyColumns = Pick<StoredArticle, "storedBodyHtml" | "bodyHtmlZ">;
type ReadArticle = Omit<StoredArticle, keyof StoredBodyColumns> & { bodyHtml: string };
export type ArticleTableMatchesDomain = Holds<SameShape<ReadArticle, Article>>;

// Every slug an article ever had; old ones keep resolving (301) and can never be taken by another article.
export const articleSlugs = sqliteTable("article_slugs", {
  slug: text("slug").primaryKey(),
  articleId: integer("article_id")
    .notNull()
    .references(() => articles.id),
  createdAt: integer("created_at").notNull(),
});

/**
 * The listing index behind every public list and feed: one row per (scope, article).
 * kind 'site' (key '') holds every article; 'section' one row per breadcrumb level; 'tag'; 'author'.
 * `listed`, `published_at` and `write_id` are copies of the article's, so a page of any scope is one
 * index range scan. Rows are never deleted when an article leaves a scope (only unlisted), so the
 * scope's max(public_changed_at) still moves and its feed validators change.
 */
export const articleScopes = sqliteTable(
  "article_scopes",
  {
    kind: text("kind").$type<ScopeKind>().notNull(),
    key: text("key").notNull(),
    articleId: integer("article_id")
      .notNull()
      .references(() => articles.id),
    listed: integer("listed", { mode: "boolean" }).notNull(),
    publishedAt: integer("published_at").notNull(),
    publicChangedAt: integer("public_changed_at").notNull(),
    // The article's write_id, kept in step by every write's batch: a feed's entry keys (id, write id,
    // publication time) then come from the listing index alone, one row read per item.
    writeId: text("write_id").notNull().default(""),
  },
  (t) => [
    primaryKey({ columns: [t.kind, t.key, t.articleId] }),
    index("article_scopes_listing_idx").on(t.kind, t.key, t.listed, t.publishedAt, t.articleId, t.writeId),
    index("article_scopes_changed_idx").on(t.kind, t.key, t.publicChangedAt),
    index("article_scopes_article_idx").on(t.articleId),
    // The sitemap index reads one entry of each per sitemap chunk (db/sitemap-queries.ts): the newest
    // publication due and the latest change readers saw, per fixed id range of SITEMAP_CHUNK_SIZE.
    index("article_scopes_site_chunk_published_idx")
      .on(sql`(${t.articleId} - 1) / 5000`, t.listed, t.publishedAt)
      .where(sql`kind = 'site'`),
    index("article_scopes_site_chunk_changed_idx")
      .on(sql`(${t.articleId} - 1) / 5000`, t.publicChangedAt)
      .where(sql`kind = 'site'`),
  ],
);

export const articleRevisions = sqliteTable(
  "article_revisions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    articleId: integer("article_id")
      .notNull()
      .references(() => articles.id),
    version: integer("version").notNull(),
    action: text("action").$type<"create" | "update" | "delete" | "restore">().notNull(),
    // What turns this version back into the one before (domain/revision-undo.ts); null for version 1.
    // The newest version is the article row itself, so no revision stores a whole article.
    undo: text("undo", { mode: "json" }).$type<RevisionUndo>(),
    tokenId: text("token_id"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("article_revisions_version_unique").on(t.articleId, t.version)],
);

export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    // SHA-256 (hex) of the secret token; the token itself is never stored.
    tokenHash: text("token_hash").notNull(),
    scopes: text("scopes", { mode: "json" }).$type<string[]>().notNull(),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at"),
    revokedAt: integer("revoked_at"),
    lastUsedAt: integer("last_used_at"),
    // The IndieAuth client the token was issued to (null for tokens minted by hand).
    clientId: text("client_id"),
  },
  (t) => [uniqueIndex("api_tokens_hash_unique").on(t.tokenHash)],
);

export const idempotencyKeys = sqliteTable(
  "idempotency_keys",
  {
    tokenId: text("token_id").notNull(),
    key: text("key").notNull(),
    requestHash: text("request_hash").notNull(),
    // The replayed answer is the article's version-1 revision.
    articleId: integer("article_id").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tokenId, t.key] }), index("idempotency_created_idx").on(t.createdAt)],
);

// Fixed-window counters for abuse limits (auth failures per client, writes per token).
export const rateLimits = sqliteTable("rate_limits", {
  bucket: text("bucket").primaryKey(),
  windowStart: integer("window_start").notNull(),
  count: integer("count").notNull().default(sql`0`),
});

// Editor desk sign-ins. Only SHA-256 hashes of the session id and of one-time login codes are stored.
export const deskSessions = sqliteTable(
  "desk_sessions",
  {
    idHash: text("id_hash").primaryKey(),
    tokenId: text("token_id")
      .notNull()
      .references(() => apiTokens.id),
    createdAt: integer("created_at").notNull(),
    lastSeenAt: integer("last_seen_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [index("desk_sessions_token_idx").on(t.tokenId)],
);

export const deskLoginCodes = sqliteTable("desk_login_codes", {
  codeHash: text("code_hash").primaryKey(),
  tokenId: text("token_id")
    .notNull()
    .references(() => apiTokens.id),
  expiresAt: integer("expires_at").notNull(),
});

/** IndieAuth authorization codes: only the SHA-256 is kept; a row outlives its use to catch replays. */
export const indieauthCodes = sqliteTable(
  "indieauth_codes",
  {
    codeHash: text("code_hash").primaryKey(),
    clientId: text("client_id").notNull(),
    clientName: text("client_name").notNull(),
    redirectUri: text("redirect_uri").notNull(),
    codeChallenge: text("code_challenge").notNull(),
    // Our token scopes granted on the consent page, and the IndieAuth scope words they answer.
    scopes: text("scopes", { mode: "json" }).$type<string[]>().notNull(),
    scopeWords: text("scope_words").notNull(),
    // The desk session's token: the editor who approved; the issued token never exceeds it.
    editorTokenId: text("editor_token_id")
      .notNull()
      .references(() => apiTokens.id),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    usedAt: integer("used_at"),
    replayedAt: integer("replayed_at"),
    issuedTokenId: text("issued_token_id"),
  },
  (t) => [index("indieauth_codes_expires_idx").on(t.expiresAt)],
);

/** IndieAuth refresh tokens (hashed), rotated on use; a family is one grant's chain of rotations. */
export const indieauthRefreshTokens = sqliteTable(
  "indieauth_refresh_tokens",
  {
    tokenHash: text("token_hash").primaryKey(),
    familyId: text("family_id").notNull(),
    // The access token issued with it: revoking that one (desk, revocation endpoint) ends the family.
    accessTokenId: text("access_token_id")
      .notNull()
      .references(() => apiTokens.id),
    clientId: text("client_id").notNull(),
    clientName: text("client_name").notNull(),
    scopes: text("scopes", { mode: "json" }).$type<string[]>().notNull(),
    scopeWords: text("scope_words").notNull(),
    editorTokenId: text("editor_token_id").notNull(),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    usedAt: integer("used_at"),
  },
  (t) => [
    index("indieauth_refresh_family_idx").on(t.familyId),
    index("indieauth_refresh_expires_idx").on(t.expiresAt),
  ],
);
