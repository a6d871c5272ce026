import type { Author, PrintEdition } from "../domain/article";
import { dateStyleFor, formatCalendarDate } from "./format-date";

// Page chrome follows the language of the page (the article's own for article pages), so `lang` stays true.

export interface Labels {
  home: string;
  breadcrumb: string;
  skipToContent: string;
  published: string;
  updated: string;
  source: string;
  editor: string;
  tags: string;
  photo: string;
  older: string;
  newest: string;
  noArticles: string;
  feeds: string;
  /** "：" or ": ", between a label and its value. */
  colon: string;
  /** Text before the author names: "作者：" or "By ". */
  byline: string;
  authorSeparator: string;
  authorLine(author: Author): { before: string; after: string };
  printLine(print: PrintEdition, fallbackPublication: string | undefined): string;
  tagHeading(tag: string): string;
}

const zh: Labels = {
  home: "首页",
  breadcrumb: "您的位置",
  skipToContent: "跳到正文",
  published: "发布时间",
  updated: "更新于",
  source: "来源",
  editor: "责任编辑",
  tags: "标签",
  photo: "图片",
  older: "更早的文章",
  newest: "最新文章",
  noArticles: "暂无文章。",
  feeds: "订阅",
  colon: "：",
  byline: "作者：",
  authorSeparator: "、",
  authorLine: (a) => ({ before: a.title ? `${a.title} ` : "", after: "" }),
  printLine: (print, fallback) => {
    const publication = print.publication ?? fallback;
    const section = print.section ? ` ${print.section}` : "";
    const date = formatCalendarDate(print.date, "zh");
    return `${publication ? `《${publication}》` : ""}（${date} 第${print.page}版${section}）`;
  },
  tagHeading: (tag) => `标签：${tag}`,
};

const en: Labels = {
  home: "Home",
  breadcrumb: "Breadcrumb",
  skipToContent: "Skip to content",
  published: "Published",
  updated: "Updated",
  source: "Source",
  editor: "Editor",
  tags: "Tags",
  photo: "Photo",
  older: "Older articles",
  newest: "Newest articles",
  noArticles: "No articles yet.",
  feeds: "Subscribe",
  colon: ": ",
  byline: "By ",
  authorSeparator: "; ",
  authorLine: (a) => ({ before: "", after: a.title ? `, ${a.title}` : "" }),
  printLine: (print, fallback) => {
    const publication = print.publication ?? fallback;
    const parts = [
      publication,
      formatCalendarDate(print.date, "en"),
      `page ${print.page}`,
      print.section ? `${print.section} section` : undefined,
    ];
    return `Print edition: ${parts.filter(Boolean).join(", ")}`;
  },
  tagHeading: (tag) => `Tag: ${tag}`,
};

export function labelsFor(language: string): Labels {
  return dateStyleFor(language) === "zh" ? zh : en;
}
