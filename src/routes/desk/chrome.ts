import { hasScope } from "../../domain/token-scope";
import type { DeskChrome } from "../../render/desk/desk-layout";
import type { DeskContext } from "./guard";

export function chromeFor(c: DeskContext): DeskChrome {
  const { session } = c.var;
  const url = new URL(c.req.url);
  url.searchParams.delete("lang");
  return {
    lang: c.var.lang,
    strings: c.var.strings,
    siteTitle: c.var.site.title,
    path: `${url.pathname}${url.search}`,
    signedIn: session
      ? {
          tokenName: session.token.name,
          formToken: c.var.formToken,
          isAdmin: hasScope(session.token, "admin"),
        }
      : null,
  };
}
