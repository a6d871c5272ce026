import { Parser } from "htmlparser2";

/** What the consent page shows about a client, from its metadata document or h-app. */
export interface ClientInfo {
  name: string | null;
  uri: string | null;
  logo: string | null;
  redirectUris: string[];
}

const classes = (attribs: Record<string, string>) => (attribs.class ?? "").split(/\s+/);

/** The first h-app (or h-x-app) with its p-name, u-url and u-logo, plus every `rel="redirect_uri"` link. */
export function parseHApp(html: string, base: URL): ClientInfo {
  const info: ClientInfo = { name: null, uri: null, logo: null, redirectUris: [] };
  const resolve = (href: string | undefined) => {
    if (!href) return null;
    try {
      const url = new URL(href, base);
      // Shown as links and images on the consent page: never javascript: or data: URLs.
      return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
    } catch {
      return null;
    }
  };
  let appDepth = -1;
  let nameDepth = -1;
  let depth = 0;
  let name = "";
  let seenApp = false;
  const parser = new Parser(
    {
      onopentag(tag, attribs) {
        depth++;
        const rels = (attribs.rel ?? "").split(/\s+/);
        if ((tag === "link" || tag === "a") && rels.includes("redirect_uri")) {
          const href = resolve(attribs.href);
          if (href && info.redirectUris.length < 50) info.redirectUris.push(href);
        }
        const cls = classes(attribs);
        if (!seenApp && (cls.includes("h-app") || cls.includes("h-x-app"))) {
          seenApp = true;
          appDepth = depth;
        }
        if (appDepth === -1) return;
        if (cls.includes("p-name") && info.name === null && nameDepth === -1) nameDepth = depth;
        if (cls.includes("u-url") && info.uri === null) info.uri = resolve(attribs.href);
        if (cls.includes("u-logo") && info.logo === null) info.logo = resolve(attribs.src ?? attribs.href);
      },
      ontext(text) {
        if (nameDepth !== -1) name += text;
      },
      onclosetag() {
        if (depth === nameDepth) {
          info.name = name.replace(/\s+/g, " ").trim().slice(0, 200) || null;
          nameDepth = -1;
        }
        if (depth === appDepth) appDepth = -1;
        depth--;
      },
    },
    { decodeEntities: true },
  );
  parser.end(html);
  return info;
}
