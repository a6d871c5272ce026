import { Hono } from "hono";
import { cors } from "hono/cors";
import { profileUrl } from "../../auth/indieauth/client-id";
import { issueAccessToken, OAuthError, redeemCode } from "../../auth/indieauth/codes";
import { type IssuedTokens, refreshTokens, revokeRefreshSecret } from "../../auth/indieauth/refresh";
import { hashToken, verifyToken } from "../../auth/tokens";
import { revokeTokenById } from "../../db/indieauth-codes";
import { findTokenByHash } from "../../db/token-queries";
import { hasScope } from "../../domain/token-scope";
import type { AppEnv } from "../../env";
import { INDIEAUTH_PATHS } from "../../lib/indieauth-paths";
import { oauthErrorResponse, oauthForm, oauthJson } from "./oauth-response";

// Token, revocation and introspection endpoints: back-channel, form-encoded, JSON answers.

export const indieauthTokenRoutes = new Hono<AppEnv>();

indieauthTokenRoutes.use(
  "/indieauth/*",
  cors({ origin: "*", allowHeaders: ["Authorization", "Content-Type"], allowMethods: ["POST", "OPTIONS"] }),
);

indieauthTokenRoutes.onError((err, c) => {
  if (err instanceof OAuthError) return oauthErrorResponse(c, err);
  throw err;
});

indieauthTokenRoutes.post(INDIEAUTH_PATHS.token, async (c) => {
  const form = await oauthForm(c);
  const { db, now, site } = c.var;
  // The older IndieAuth token endpoint revoked with action=revoke; clients still send it.
  if (form.action === "revoke") {
    await revokeSecret(c.var.db, form.token, now);
    return oauthJson(c, {});
  }
  let issued: IssuedTokens;
  if (form.grant_type === "authorization_code") {
    const redemption = {
      code: form.code,
      clientId: form.client_id,
      redirectUri: form.redirect_uri,
      codeVerifier: form.code_verifier,
    };
    issued = await issueAccessToken(db, await redeemCode(db, redemption, now), now);
  } else if (form.grant_type === "refresh_token") {
    const refresh = { refreshToken: form.refresh_token, clientId: form.client_id, scope: form.scope };
    issued = await refreshTokens(db, refresh, now);
  } else {
    throw new OAuthError("unsupported_grant_type", "grant_type must be authorization_code or refresh_token.");
  }
  const me = profileUrl(site.url);
  return oauthJson(c, {
    access_token: issued.accessToken,
    token_type: "Bearer",
    scope: issued.words.join(" "),
    me,
    expires_in: issued.expiresInSeconds,
    refresh_token: issued.refreshToken,
    ...(issued.words.includes("profile") ? { profile: { name: site.title, url: me } } : {}),
  });
});

// RFC 7009: the answer is 200 whether or not the token existed.
indieauthTokenRoutes.post(INDIEAUTH_PATHS.revocation, async (c) => {
  const form = await oauthForm(c);
  if (!form.token) throw new OAuthError("invalid_request", "token is required.");
  await revokeSecret(c.var.db, form.token, c.var.now);
  return oauthJson(c, {});
});

// RFC 7662 with IndieAuth's fields; the caller shows a bearer token: admin, or the token itself.
indieauthTokenRoutes.post(INDIEAUTH_PATHS.introspection, async (c) => {
  const { db, now, site } = c.var;
  const bearer = /^Bearer (\S+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
  const caller = bearer ? await verifyToken(db, bearer, now) : null;
  if (!caller) throw new OAuthError("invalid_token", "Send Authorization: Bearer <token>.", 401);
  const form = await oauthForm(c);
  if (!form.token) throw new OAuthError("invalid_request", "token is required.");
  const subject = await verifyToken(db, form.token, now);
  if (!subject || (subject.id !== caller.id && !hasScope(caller, "admin")))
    return oauthJson(c, { active: false });
  const row = await findTokenByHash(db, await hashToken(form.token));
  return oauthJson(c, {
    active: true,
    me: profileUrl(site.url),
    client_id: row?.clientId ?? undefined,
    scope: subject.scopes.join(" "),
    iat: Math.floor((row?.createdAt ?? now) / 1000),
    ...(row?.expiresAt ? { exp: Math.floor(row.expiresAt / 1000) } : {}),
  });
});

async function revokeSecret(db: AppEnv["Variables"]["db"], secret: string | undefined, now: number) {
  if (!secret || secret.length > 200) return;
  if (await revokeRefreshSecret(db, secret, now)) return;
  const row = await findTokenByHash(db, await hashToken(secret));
  if (row) await revokeTokenById(db, row.id, now);
}
