import { Marked } from "marked";

// A private instance, so extensions another module registers on the global `marked` cannot leak in here.
const markdown = new Marked({ async: false, gfm: true, breaks: false, pedantic: false, silent: false });

/**
 * Markdown (GFM) to HTML. Raw HTML in the source passes through untouched and "# " becomes <h1>, so the result
 * is NOT safe to render: always run it through sanitizeHtml, which also turns h1 into h2.
 */
export function markdownToHtml(md: string): string {
  return markdown.parse(md, { async: false });
}
