import { dateStyleFor } from "./format-date";

// The search box and page follow the page's language, like the rest of the chrome (labels.ts).

export interface SearchLabels {
  search: string;
  submit: string;
  heading: string;
  resultsFor(q: string): string;
  noResults: string;
  blank: string;
  tooLong(max: number): string;
  noTerms: string;
  tooManyTerms(max: number): string;
  badCursor: string;
  firstPage: string;
  morePage: string;
  feedTitle: string;
}

const zh: SearchLabels = {
  search: "搜索",
  submit: "搜索",
  heading: "搜索",
  resultsFor: (q) => `搜索：${q}`,
  noResults: "没有找到相关文章。",
  blank: "请输入要搜索的字词。",
  tooLong: (max) => `搜索词太长，请不超过 ${max} 个字符。`,
  noTerms: "搜索词里没有可以搜索的文字或数字。",
  tooManyTerms: (max) => `搜索词太多，请不超过 ${max} 个（两个汉字算一个）。`,
  badCursor: "这个翻页链接已失效，请从第一页开始。",
  firstPage: "第一页",
  morePage: "更多结果",
  feedTitle: "搜索结果",
};

const en: SearchLabels = {
  search: "Search",
  submit: "Search",
  heading: "Search",
  resultsFor: (q) => `Search: ${q}`,
  noResults: "No articles found.",
  blank: "Type the words to search for.",
  tooLong: (max) => `The search is too long: at most ${max} characters.`,
  noTerms: "The search has no letters or digits to look for.",
  tooManyTerms: (max) =>
    `The search has too many terms: at most ${max} (a Chinese character pair counts as one).`,
  badCursor: "This page link is no longer valid; start from the first page.",
  firstPage: "First page",
  morePage: "More results",
  feedTitle: "Search results",
};

export function searchLabelsFor(language: string): SearchLabels {
  return dateStyleFor(language) === "zh" ? zh : en;
}
