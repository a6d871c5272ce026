// The scripts' side of src/db/article-body.ts: they read D1 through adapters that hand BLOBs back in
// different shapes, so they select the deflated body as hex text and inflate it here.
import { inflateRawText } from "../../src/lib/deflate";

/** The deflated body as hex ('' when NULL or empty), next to body_html in a select list. */
export const DEFLATED_BODY_HEX = 'hex(body_html_z) as "body_html_z_hex"';

export interface StoredBodyRow {
  body_html: string;
  body_html_z_hex: string | null;
}

export function bodyHtmlOf(row: StoredBodyRow): string {
  if (!row.body_html_z_hex) return row.body_html;
  const hex = row.body_html_z_hex;
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return inflateRawText(bytes);
}
