import { raw } from "hono/html";

/**
 * THE ONLY PLACE stored article HTML reaches a page unescaped.
 * `bodyHtml` is written exclusively by src/lib/sanitize-html.ts at write time (API create/update): an
 * allow-list of elements and attributes, URL schemes checked, no script/style/event handlers. Anything
 * else that reaches a page goes through JSX escaping. Do not pass any other string here.
 */
export function ArticleBody(props: { bodyHtml: string }) {
  return <div class="article-body">{raw(props.bodyHtml)}</div>;
}
