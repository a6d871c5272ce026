import { raw } from "hono/html";
import { type articleJsonLd, serializeJsonLd } from "./json-ld";

/**
 * A JSON-LD data block. JSX would HTML-escape the JSON (and break it), so it is inserted as is:
 * serializeJsonLd leaves no "<", ">" or "&" in it, so it cannot close the script element.
 */
export function JsonLdScript(props: { data: ReturnType<typeof articleJsonLd> }) {
  return <script type="application/ld+json">{raw(serializeJsonLd(props.data))}</script>;
}
