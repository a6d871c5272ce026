import { type ArticleRow, editorSource } from "../../domain/article";
import { publishedAtParts } from "./form-input";

/** An article as the editor form's flat values: the inverse of formToArticleInput. */
export function articleToFields(article: ArticleRow, siteOffsetMinutes: number): Map<string, string> {
  const fields = new Map<string, string>();
  const set = (name: string, value: string | number | null | undefined) => {
    if (value !== null && value !== undefined) fields.set(name, String(value));
  };
  set("title", article.title);
  set("subtitle", article.subtitle);
  if (!article.summaryIsDerived) set("summary", article.summary);
  set("language", article.language);
  set("slug", article.slug);
  set("body", editorSource(article));
  set("bodyFormat", article.bodyFormat);
  set("status", article.status);
  set("section", article.section.join(" › "));
  set("tags", article.tags.join("，"));
  article.authors.forEach((author, i) => {
    set(`authors[${i}][name]`, author.name);
    set(`authors[${i}][title]`, author.title);
    set(`authors[${i}][url]`, author.url);
  });
  article.editors.forEach((editor, i) => {
    set(`editors[${i}][name]`, editor.name);
  });
  for (const [group, value] of [
    ["source", article.source],
    ["image", article.image],
    ["printEdition", article.printEdition],
  ] as const) {
    for (const [key, v] of Object.entries(value ?? {})) set(`${group}[${key}]`, v as string | number);
  }
  const when = publishedAtParts(article.publishedAt, article.publishedOffset ?? siteOffsetMinutes);
  set("publishedAt[date]", when.date);
  set("publishedAt[time]", when.time);
  set("publishedAt[offset]", when.offset);
  return fields;
}

/** How many rows of a repeatable group hold text (highest such index + 1); blank rows are not kept. */
export function filledRows(fields: ReadonlyMap<string, string>, group: "authors" | "editors"): number {
  let count = 0;
  const pattern = new RegExp(`^${group}\\[(\\d{1,3})\\]\\[`);
  for (const [name, value] of fields) {
    const m = pattern.exec(name);
    if (m && value.trim() !== "") count = Math.max(count, Number(m[1]) + 1);
  }
  return count;
}
