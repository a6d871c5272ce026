// The body as D1 stores it and as every reader gets it. Deflated, 3,000 Chinese characters of HTML
// take about half their UTF-8 bytes, which keeps the row on fewer pages (docs/scaling.md, storage).
// Every read of a row goes through inflateBodies, every write through storedBodyColumns.
import { deflateRaw, inflateRawText } from "../lib/deflate";
import { articleBodies } from "./isolate-cache";
import type { StoredBodyColumns } from "./schema";

/** Shorter bodies stay plain: deflate's fixed cost would outweigh what it saves. */
export const DEFLATE_MIN_BYTES = 1024;
/** Deflated only when that saves at least this share of the UTF-8 bytes. */
export const DEFLATE_MIN_SAVING = 0.1;

// Checked, stored plain: tells a new short body from a row written before migration 0006 (NULL).
const PLAIN = new Uint8Array(0);

export type WithBody<T> = Omit<T, keyof StoredBodyColumns> & { bodyHtml: string };

/** The columns that store `html`: deflated into body_html_z when that pays, else plain in body_html. */
export function storedBodyColumns(html: string): StoredBodyColumns {
  const utf8 = new TextEncoder().encode(html);
  if (utf8.byteLength < DEFLATE_MIN_BYTES) return { storedBodyHtml: html, bodyHtmlZ: PLAIN };
  const deflated = deflateRaw(utf8);
  if (deflated.byteLength > utf8.byteLength * (1 - DEFLATE_MIN_SAVING))
    return { storedBodyHtml: html, bodyHtmlZ: PLAIN };
  return { storedBodyHtml: "", bodyHtmlZ: deflated };
}

/** `row` without its stored body columns and with the body they hold as `bodyHtml`. */
export function inflateBody<T extends StoredBodyColumns & { id: number; writeId: string }>(
  row: T,
): WithBody<T> {
  const { storedBodyHtml, bodyHtmlZ, ...rest } = row;
  return { ...rest, bodyHtml: bodyHtmlOf(row) };
}

/** inflateBody for each row, keeping their order. */
export function inflateBodies<T extends StoredBodyColumns & { id: number; writeId: string }>(
  rows: T[],
): WithBody<T>[] {
  return rows.map(inflateBody);
}

function bodyHtmlOf(row: StoredBodyColumns & { id: number; writeId: string }): string {
  if (row.bodyHtmlZ === null || row.bodyHtmlZ.byteLength === 0) return row.storedBodyHtml;
  // The same entries as the feeds' bodies: a write_id names one body forever.
  const key = `${row.id}:${row.writeId}`;
  const cached = articleBodies.get(key);
  if (cached !== null) return cached;
  const html = inflateRawText(row.bodyHtmlZ);
  articleBodies.set(key, html);
  return html;
}
