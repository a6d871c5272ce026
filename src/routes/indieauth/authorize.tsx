import type { MiddlewareHandler } from "hono";
import {
  AUTHORIZATION_PARAMS,
  type AuthorizationCheck,
  checkAuthorizationRequest,
  type Params,
  redirectWith,
  type UntrustedReason,
} from "../../auth/indieauth/authorization-request";
import { formActionSource, profileUrl } from "../../auth/indieauth/client-id";
import { issueAuthorizationCode, OAuthError, redeemCode } from "../../auth/indieauth/codes";
import { scopesEditorHolds } from "../../auth/indieauth/scopes";
import { hasScope } from "../../domain/token-scope";
import { INDIEAUTH_PATHS } from "../../lib/indieauth-paths";
import { ConsentPage, ConsentRefusedPage, sameSiteBounce } from "../../render/desk/consent-page";
import { renderDeskDocument } from "../../render/desk/desk-layout";
import { chromeFor } from "../desk/chrome";
import { type DeskContext, type DeskEnv, requireSameOrigin, requireSessionWrite } from "../desk/guard";
import { deskRouter } from "../desk/router";
import { oauthErrorResponse, oauthForm, oauthJson } from "./oauth-response";

// The authorization endpoint lives under /desk so the desk session cookie (Path=/desk) reaches it.
export const indieauthAuthorize = deskRouter();
const PATH = INDIEAUTH_PATHS.authorization.slice("/desk".length);
/** The consent page's CSP must let its form's redirect reach the client (Chrome checks form-action on redirects). */
const FORM_ACTION_HEADER = "x-consent-form-action";

/** Runs outside the desk's headers: widens form-action by the one origin the handler vouched for. */
export const consentFormAction: MiddlewareHandler<DeskEnv> = async (c, next) => {
  await next();
  const origin = c.res.headers.get(FORM_ACTION_HEADER);
  if (!origin) return;
  c.res.headers.delete(FORM_ACTION_HEADER);
  const csp = c.res.headers.get("content-security-policy");
  if (csp)
    c.res.headers.set(
      "content-security-policy",
      csp.replace("form-action 'self'", `form-action 'self' ${origin}`),
    );
};

indieauthAuthorize.get(PATH, async (c) => {
  if (!c.var.session) return signInFirst(c);
  const params = pick(Object.fromEntries(new URL(c.req.url).searchParams));
  const check = await checkAuthorizationRequest(params, c.var.site.url);
  if (check.kind !== "ok") return answerFailure(c, check);
  const { request } = check;
  c.header(FORM_ACTION_HEADER, formActionSource(request.redirectUri));
  const editor = c.var.session.token;
  const view = {
    action: INDIEAUTH_PATHS.authorization,
    client: request.client,
    clientId: request.clientId.href,
    redirectUri: request.redirectUri.href,
    params: Object.fromEntries(
      Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined),
    ),
    scopes: request.requestedScopes.map((scope) => ({ scope, held: hasScope(editor, scope) })),
  };
  return c.html(renderDeskDocument(<ConsentPage chrome={chromeFor(c)} view={view} />));
});

indieauthAuthorize.post(
  PATH,
  async (c, next) => {
    // A client redeeming a code for the profile URL only (IndieAuth §5.3.2): a back-channel POST.
    if (!/^application\/x-www-form-urlencoded\b/i.test(c.req.header("content-type") ?? "")) return next();
    const form = new URLSearchParams(new TextDecoder().decode(await c.req.raw.clone().arrayBuffer()));
    if (form.get("grant_type") === null) return next();
    return redeemForProfile(c);
  },
  requireSameOrigin,
  requireSessionWrite,
  async (c) => {
    const form = await c.req.formData();
    const field = (name: string) => {
      const value = form.get(name);
      return typeof value === "string" ? value : undefined;
    };
    const params = pick(Object.fromEntries(AUTHORIZATION_PARAMS.map((name) => [name, field(name)])));
    const check = await checkAuthorizationRequest(params, c.var.site.url);
    if (check.kind !== "ok") return answerFailure(c, check);
    const { request } = check;
    const iss = `${c.var.site.url}/`;
    if (field("decision") !== "approve") {
      const denied = { error: "access_denied", error_description: "The editor denied the request." };
      return c.redirect(redirectWith(request.redirectUri, { ...denied, state: request.state, iss }), 302);
    }
    const editor = c.var.session?.token;
    if (!editor) throw new Error("requireSessionWrite let a request without a session through");
    const checked = request.requestedScopes.filter((scope) => field(`grant.${scope}`) === "on");
    const code = await issueAuthorizationCode(
      c.var.db,
      {
        clientId: request.clientId.href,
        clientName: request.client.name,
        redirectUri: request.redirectUri.href,
        codeChallenge: request.codeChallenge,
        scopes: scopesEditorHolds(editor, checked),
        words: request.words,
        editorTokenId: editor.id,
      },
      c.var.now,
    );
    return c.redirect(redirectWith(request.redirectUri, { code, state: request.state, iss }), 302);
  },
);

async function redeemForProfile(c: DeskContext) {
  try {
    const form = await oauthForm(c);
    if (form.grant_type !== "authorization_code") {
      throw new OAuthError("unsupported_grant_type", "grant_type must be authorization_code.");
    }
    await redeemCode(
      c.var.db,
      {
        code: form.code,
        clientId: form.client_id,
        redirectUri: form.redirect_uri,
        codeVerifier: form.code_verifier,
      },
      c.var.now,
    );
    return oauthJson(c, { me: profileUrl(c.var.site.url) });
  } catch (err) {
    if (err instanceof OAuthError) return oauthErrorResponse(c, err);
    throw err;
  }
}

function pick(source: Record<string, string | undefined>): Params {
  return Object.fromEntries(AUTHORIZATION_PARAMS.map((name) => [name, source[name]]));
}

/** Signed out: bounce a cross-site arrival once (see sameSiteBounce), else sign in and come back here. */
function signInFirst(c: DeskContext) {
  const url = new URL(c.req.url);
  const here = `${url.pathname}${url.search}`;
  const fetchSite = c.req.header("sec-fetch-site");
  if (fetchSite === "cross-site" || fetchSite === "same-site") {
    return c.html(sameSiteBounce(here, c.var.strings.consentContinue));
  }
  return c.redirect(`/desk/login?return=${encodeURIComponent(here)}`, 303);
}

const UNTRUSTED_TEXT: Record<string, string> = {
  client_id: "client_id is missing or not a valid IndieAuth client identifier.",
  redirect_uri: "redirect_uri is missing or not an absolute http(s) URL.",
  "not-listed":
    "redirect_uri is on another origin than client_id and the client's metadata does not list it.",
  "metadata:private-address": "the client's metadata is on a private or reserved address.",
  "metadata:too-large": "the client's metadata is larger than 64 KiB.",
  "metadata:timeout": "the client's metadata did not arrive within 3 seconds.",
};

function untrustedText(reason: UntrustedReason): string {
  return (
    UNTRUSTED_TEXT[reason] ??
    `redirect_uri is on another origin than client_id and the client's metadata could not be read (${reason.replace("metadata:", "")}).`
  );
}

function answerFailure(c: DeskContext, check: Exclude<AuthorizationCheck, { kind: "ok" }>) {
  if (check.kind === "untrusted") {
    const page = <ConsentRefusedPage chrome={chromeFor(c)} reason={untrustedText(check.reason)} />;
    return c.html(renderDeskDocument(page), 400);
  }
  const answer: Record<string, string> = { error: check.error, error_description: check.description };
  if (check.state !== null) answer.state = check.state;
  answer.iss = `${c.var.site.url}/`;
  return c.redirect(redirectWith(check.redirectUri, answer), 302);
}
