import type { articles } from "../db/schema";

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

export type ArticleRow = typeof articles.$inferSelect;

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
