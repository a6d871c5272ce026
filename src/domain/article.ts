export const ARTICLE_STATUSES = ["draft", "scheduled", "published"] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

export interface Author {
  name: string;
  /** Job title or office, e.g. "江苏省徐州市委书记". */
  title?: string;
  url?: string;
}

export interface Editor {
  name: string;
}

/** The publication an article comes from (it may differ from this site). */
export interface Source {
  name: string;
  url?: string;
}

export interface Image {
  url: string;
  caption?: string;
  credit?: string;
  alt?: string;
  width?: number;
  height?: number;
  /** MIME type and byte length, when known (uploads), for feed enclosures. */
  type?: string;
  length?: number;
}

export interface PrintEdition {
  publication?: string;
  /** Full date, YYYY-MM-DD. */
  date: string;
  page: string;
  section?: string;
}

/**
 * An article as stored and read back. The domain owns this shape; db/schema.ts declares the table to
 * match it and fails to compile if a column drifts from it, so the schema depends on the domain and
 * never the other way round.
 */
export interface Article {
  id: number;
  /** Permanent feed identity (urn:uuid:…); never changes with slug, title or domain. */
  guid: string;
  slug: string;
  status: ArticleStatus;
  title: string;
  subtitle: string | null;
  summary: string;
  summaryIsDerived: boolean;
  language: string;
  /**
   * The editor's Markdown; null for an HTML body, whose source is the sanitized bodyHtml itself
   * (stored once). Read it through `editorSource`. The plain text is derived: `articleBodyText`.
   */
  bodySource: string | null;
  bodyFormat: "html" | "markdown";
  bodyHtml: string;
  section: string[];
  tags: string[];
  authors: Author[];
  editors: Editor[];
  source: Source | null;
  image: Image | null;
  printEdition: PrintEdition | null;
  /** Instants are integer milliseconds since the epoch (UTC). */
  publishedAt: number | null;
  /** Minutes east of UTC of the publishedAt the editor gave. */
  publishedOffset: number | null;
  createdAt: number;
  updatedAt: number;
  publicChangedAt: number | null;
  deletedAt: number | null;
  version: number;
  writeId: string;
  createdBy: string | null;
  updatedBy: string | null;
}

/** The body as the editor wrote it (and the API and desk give back). */
export function editorSource(article: Pick<Article, "bodySource" | "bodyHtml">): string {
  return article.bodySource ?? article.bodyHtml;
}

/** The name most callers use: a stored article is exactly the domain Article. */
export type ArticleRow = Article;

/** What public pages, feeds and the public API read: never the editor's Markdown. */
export type PublicArticleRow = Omit<ArticleRow, "bodySource">;

/** Publicly visible: published or scheduled, its time has come, not deleted. One rule for feeds, pages and API. */
export function isPubliclyVisible(
  article: Pick<ArticleRow, "status" | "publishedAt" | "deletedAt">,
  now: number,
): boolean {
  return (
    article.deletedAt === null &&
    article.status !== "draft" &&
    article.publishedAt !== null &&
    article.publishedAt <= now
  );
}

/** Listed means "will be public once its time comes"; the time filter is applied at query time. */
export function isListed(article: Pick<ArticleRow, "status" | "publishedAt" | "deletedAt">): boolean {
  return article.deletedAt === null && article.status !== "draft" && article.publishedAt !== null;
}
