import MarkdownIt from "markdown-it";

/**
 * Deepest block nesting (each blockquote, list and list item is one level) a body may use. markdown-it
 * silently drops everything below its own `maxNesting`, so we refuse earlier instead of losing text.
 */
export const MAX_MARKDOWN_NESTING = 64;

/** The Markdown nests blocks deeper than MAX_MARKDOWN_NESTING; nothing was rendered. */
export class MarkdownTooDeepError extends Error {
  constructor() {
    super(`nests blocks (quotes, lists) more than ${MAX_MARKDOWN_NESTING} levels deep`);
  }
}

// markdown-it over marked: linear on delimiter runs ("_a" × 240k: marked 100+ s) and no recursion that
// 2,000 ">" can overflow. See docs/markdown-parsers.md for the measurements behind the choice.
const markdown = new MarkdownIt("default", { html: true, linkify: true, typographer: false, breaks: false });
// <del> as marked wrote it, so bodies stored before the switch and after it render alike.
markdown.renderer.rules.s_open = () => "<del>";
markdown.renderer.rules.s_close = () => "</del>";
markdown.block.ruler.before("table", "nesting_guard", (state) => {
  if (state.level >= MAX_MARKDOWN_NESTING) throw new MarkdownTooDeepError();
  return false;
});

/**
 * Markdown (CommonMark + GFM tables, strikethrough and autolinks) to HTML. Raw HTML in the source passes
 * through untouched and "# " becomes <h1>, so the result is NOT safe to render: always run it through
 * sanitizeHtml, which also turns h1 into h2. Throws MarkdownTooDeepError on absurdly deep nesting.
 */
export function markdownToHtml(md: string): string {
  return markdown.render(md);
}
