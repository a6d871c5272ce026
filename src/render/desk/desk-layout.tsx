import { html } from "hono/html";
import type { Child } from "hono/jsx";
import { SkipLink } from "../skip-link";
import type { DeskLang, DeskStrings } from "./strings";

export const DESK_STYLESHEET_PATH = "/desk/desk.css";

export interface DeskChrome {
  lang: DeskLang;
  strings: DeskStrings;
  siteTitle: string;
  /** Null on the sign-in page. */
  signedIn: { tokenName: string; formToken: string; isAdmin: boolean } | null;
  /** The current path, so the language switch returns to the same page. */
  path: string;
}

export function DeskLayout(props: { chrome: DeskChrome; title: string; children?: Child }) {
  const { chrome } = props;
  const s = chrome.strings;
  const other: DeskLang = chrome.lang === "zh" ? "en" : "zh";
  return (
    <html lang={chrome.lang === "zh" ? "zh-CN" : "en"}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <title>{`${props.title} - ${s.desk} - ${chrome.siteTitle}`}</title>
        <link rel="stylesheet" href={DESK_STYLESHEET_PATH} />
      </head>
      <body>
        <SkipLink label={s.skip} />
        <header class="desk-header">
          <span class="desk-brand">
            {chrome.siteTitle} · {s.desk}
          </span>
          <nav aria-label={s.desk}>
            {chrome.signedIn ? (
              <>
                <a href="/desk">{s.articles}</a>
                <a href="/desk/articles/new">{s.newArticle}</a>
                {chrome.signedIn.isAdmin ? <a href="/desk/sessions">{s.sessions}</a> : null}
              </>
            ) : null}
            <a
              href={`${chrome.path}${chrome.path.includes("?") ? "&" : "?"}lang=${other}`}
              lang={other === "zh" ? "zh-CN" : "en"}
            >
              {other === "zh" ? "中文" : "English"}
            </a>
            {chrome.signedIn ? (
              <form method="post" action="/desk/logout" class="inline">
                <input type="hidden" name="_csrf" value={chrome.signedIn.formToken} />
                <button type="submit">
                  {s.signOut} ({chrome.signedIn.tokenName})
                </button>
              </form>
            ) : null}
          </nav>
        </header>
        <main id="main">
          <h1>{props.title}</h1>
          {props.children}
        </main>
      </body>
    </html>
  );
}

export function renderDeskDocument(page: Child) {
  return html`<!DOCTYPE html>${page}`;
}

export function Notice(props: { kind: "error" | "ok"; children?: Child }) {
  return (
    <div class={`notice notice-${props.kind}`} role={props.kind === "error" ? "alert" : "status"}>
      {props.children}
    </div>
  );
}
