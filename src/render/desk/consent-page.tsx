import { html } from "hono/html";
import type { TokenScope } from "../../domain/token-scope";
import { type DeskChrome, DeskLayout, Notice } from "./desk-layout";
import type { DeskStrings } from "./strings";

export interface ConsentView {
  action: string;
  client: { name: string; uri: string; logo: string | null };
  /** Shown as parsed (an IDN host in punycode): a client_name alone could claim to be any app. */
  clientId: string;
  redirectUri: string;
  /** The request's parameters, carried through the form unchanged. */
  params: Record<string, string>;
  /** Scopes asked for, and whether the editor's own token holds each. */
  scopes: { scope: TokenScope; held: boolean }[];
}

export function scopeLabel(s: DeskStrings, scope: TokenScope): string {
  if (scope === "drafts:read") return s.scopeDraftsRead;
  if (scope === "articles:write") return s.scopeArticlesWrite;
  if (scope === "articles:publish") return s.scopeArticlesPublish;
  return scope;
}

export function ConsentPage(props: { chrome: DeskChrome; view: ConsentView }) {
  const s = props.chrome.strings;
  const { view } = props;
  return (
    <DeskLayout chrome={props.chrome} title={s.consentTitle}>
      <form method="post" action={view.action}>
        <input type="hidden" name="_csrf" value={props.chrome.signedIn?.formToken ?? ""} />
        {Object.entries(view.params).map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        <p>
          {view.client.logo?.startsWith("https:") ? (
            <img src={view.client.logo} alt="" width="48" height="48" class="client-logo" />
          ) : null}{" "}
          {s.consentIntro.split("{client}")[0]}
          <a href={view.client.uri} rel="noopener noreferrer">
            <strong>{view.client.name}</strong>
          </a>
          {s.consentIntro.split("{client}")[1]}
        </p>
        <p class="hint">
          {s.consentClientId} <code>{view.clientId}</code>
          <br />
          {s.consentRedirect} <code>{view.redirectUri}</code>
        </p>
        {view.scopes.length === 0 ? (
          <p>{s.consentProfileOnly}</p>
        ) : (
          <fieldset>
            <legend>{s.consentScopes}</legend>
            {view.scopes.map(({ scope, held }) => (
              <div class="grant">
                <input
                  type="checkbox"
                  id={`grant-${scope}`}
                  name={`grant.${scope}`}
                  value="on"
                  checked={held}
                  disabled={!held}
                />{" "}
                <label for={`grant-${scope}`}>
                  {scopeLabel(s, scope)} {held ? null : <span class="hint">{s.consentNotYours}</span>}
                </label>
              </div>
            ))}
          </fieldset>
        )}
        <button type="submit" name="decision" value="approve" class="primary">
          {s.consentApprove}
        </button>{" "}
        <button type="submit" name="decision" value="deny">
          {s.consentDeny}
        </button>
      </form>
    </DeskLayout>
  );
}

export function ConsentRefusedPage(props: { chrome: DeskChrome; reason: string }) {
  const s = props.chrome.strings;
  return (
    <DeskLayout chrome={props.chrome} title={s.consentTitle}>
      <Notice kind="error">{s.consentRefused.replace("{reason}", props.reason)}</Notice>
    </DeskLayout>
  );
}

/**
 * The desk cookie is SameSite=Strict, so a cross-site arrival carries none: this page reloads the
 * same URL from our own origin (a same-site navigation), which does carry it.
 */
export function sameSiteBounce(url: string, label: string) {
  return html`<!doctype html><html><head><meta charset="utf-8"><meta name="robots" content="noindex"><meta http-equiv="refresh" content="0; url=${url}"><title>${label}</title></head><body><p><a href="${url}">${label}</a></p></body></html>`;
}
