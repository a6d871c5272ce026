import type { ArticleRow } from "../../domain/article";
import { contentFromCreate, generateSlug } from "../../domain/article-prepare";
import { ProblemError, type ProblemInit } from "../../lib/problem";
import type { SiteConfig } from "../../lib/site";
import { type FormFields, formToArticleInput } from "./form-input";
import { parseForPreview } from "./write";

export type PreviewRowResult =
  | { kind: "row"; article: ArticleRow }
  | { kind: "refused"; problem: ProblemInit; rows: ReturnType<typeof formToArticleInput>["rows"] };

/**
 * The article the form would save, as a row the public template renders: the same schema and the
 * same body rendering as a save, written nowhere. Times are those readers would see if it were
 * saved now (no publication time yet: now).
 */
export function previewRow(
  form: FormFields,
  current: ArticleRow | null,
  site: SiteConfig,
  now: number,
): PreviewRowResult {
  const { input, rows } = formToArticleInput(form, "create");
  const parsed = parseForPreview({ ...input, status: "draft" });
  if ("problem" in parsed) return { kind: "refused", problem: parsed.problem, rows };
  try {
    const content = contentFromCreate(parsed.value, site, now);
    const slug = parsed.value.slug ?? current?.slug ?? generateSlug(content, site, now);
    return {
      kind: "row",
      article: {
        ...content,
        publishedAt: content.publishedAt ?? now,
        publishedOffset: content.publishedOffset ?? site.defaultOffsetMinutes,
        id: current?.id ?? 0,
        guid: current?.guid ?? "urn:uuid:00000000-0000-0000-0000-000000000000",
        slug,
        createdAt: current?.createdAt ?? now,
        updatedAt: now,
        publicChangedAt: null,
        deletedAt: null,
        version: (current?.version ?? 0) + 1,
        writeId: "preview",
        createdBy: current?.createdBy ?? null,
        updatedBy: null,
      },
    };
  } catch (err) {
    if (err instanceof ProblemError) return { kind: "refused", problem: err.init, rows };
    throw err;
  }
}
