// The plain text of a body is derived from its HTML, never stored (it would be a third copy of the
// body in D1). Readers that need it per request (the JSON API, Micropub) share one small cache.
import { ByteLru, stringBytes } from "../lib/byte-lru";
import { htmlToText } from "../lib/text";
import type { ArticleRow } from "./article";

const BODY_TEXT_CACHE_BYTES = 4 * 1024 * 1024;

interface Derived {
  html: string;
  text: string;
}

// Keyed by id and write id (every write has a new one); the HTML is compared too, so a row that
// reuses a key with another body (an import, a test fixture) never gets a stale text.
const bodyTexts = new ByteLru<Derived>(BODY_TEXT_CACHE_BYTES, (d) => stringBytes(d.text));

export function articleBodyText(article: Pick<ArticleRow, "id" | "writeId" | "bodyHtml">): string {
  const key = `${article.id}:${article.writeId}`;
  const cached = bodyTexts.get(key);
  if (cached !== undefined && cached.html === article.bodyHtml) return cached.text;
  const text = htmlToText(article.bodyHtml);
  bodyTexts.set(key, { html: article.bodyHtml, text });
  return text;
}
