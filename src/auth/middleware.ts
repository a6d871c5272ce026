import type { Context, MiddlewareHandler } from "hono";
import { bearerAuth } from "hono/bearer-auth";
import { type AuthenticatedToken, hasScope, type TokenScope } from "../domain/token-scope";
import type { AppEnv } from "../env";
import { problem, problemResponse, toJsonPointer } from "../lib/problem";
import { InsufficientScopeError, REALM } from "./insufficient-scope";
import { assertAuthAllowed, assertWriteAllowed, recordAuthFailure } from "./rate-limit";
import { isTokenUseStale, recordTokenUse, TOKEN_PREFIX, verifyToken } from "./tokens";

const unauthorized = (detail: string) => (c: Context) =>
  problemResponse(
    { status: 401, type: "unauthorized", title: "Authentication required", detail },
    new URL(c.req.url).pathname,
  );

const checkBearer = bearerAuth<AppEnv>({
  realm: REALM,
  verifyToken: async (secret, c) => {
    const token = await verifyToken(c.var.db, secret, c.var.now);
    c.set("token", token);
    if (!token) await recordAuthFailure(c);
    else noteTokenUse(c, token);
    return token !== null;
  },
  noAuthenticationHeader: { message: unauthorized("Send Authorization: Bearer <token>.") },
  invalidAuthenticationHeader: {
    message: (c) =>
      problemResponse(
        {
          status: 400,
          type: "bad-request",
          title: "Malformed Authorization header",
          detail: "Expected Authorization: Bearer <token>.",
        },
        new URL(c.req.url).pathname,
      ),
  },
  invalidToken: {
    wwwAuthenticateHeader: `Bearer realm="${REALM}", error="invalid_token", error_description="The token is unknown, expired or revoked"`,
    message: unauthorized("The token is unknown, expired or revoked."),
  },
});

/** last_used_at in the background: the request never waits for it, nor fails with it. */
function noteTokenUse(c: Context<AppEnv>, token: AuthenticatedToken): void {
  const { db, now } = c.var;
  if (!isTokenUseStale(token, now)) return;
  const work = recordTokenUse(db, token.id, now).catch((err) => {
    console.error(JSON.stringify({ event: "token.last_used.failed", tokenId: token.id, error: String(err) }));
  });
  try {
    c.executionCtx.waitUntil(work);
  } catch {
    // No execution context (app.request in unit tests): the promise still runs to completion.
  }
}

/** Every bearer check: lockout (429) before verification, then the token's write budget. */
const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.req.header("authorization") !== undefined) await assertAuthAllowed(c);
  return checkBearer(c, async () => {
    await assertWriteAllowed(c);
    await next();
  });
};

/** Requires a valid bearer token (401 otherwise). */
export const requireToken: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.get("token")) return next();
  return authenticate(c, next);
};

/** Authenticates when an Authorization header is present (a bad token is still 401); anonymous otherwise. */
export const optionalToken: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.req.header("authorization") === undefined) {
    c.set("token", null);
    return next();
  }
  return authenticate(c, next);
};

export function assertScope(c: Context<AppEnv>, scope: TokenScope): void {
  if (!hasScope(c.var.token, scope)) throw new InsufficientScopeError(scope);
}

/** Route-level form of assertScope; place it after the validators, which answer first. */
export function requireScope(scope: TokenScope): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    assertScope(c, scope);
    await next();
  };
}

const TOKEN_IN_VALUE = new RegExp(`^${TOKEN_PREFIX}[A-Za-z0-9_-]{43}$`);

/**
 * Refuses any request whose query string carries a token (RFC 6750 §2.3 allows it, but URLs end up
 * in logs, caches and Referer headers): an `access_token` parameter, or a value shaped like ours.
 */
export function refuseTokenInQuery(url: string): void {
  const search = url.indexOf("?");
  if (search < 0) return;
  const name = tokenParameter(url.slice(search + 1));
  if (name === null) return;
  const detail = "Tokens are not accepted in URLs: send Authorization: Bearer <token>.";
  throw problem({
    status: 400,
    type: "bad-request",
    title: "Token in the query string",
    detail,
    errors: [{ pointer: toJsonPointer([name]), detail }],
    headers: { "www-authenticate": `Bearer realm="${REALM}", error="invalid_request"` },
    extra: { error: "invalid_request", error_description: detail },
  });
}

/** The (decoded) name of the first parameter that carries a token, or null. */
export function tokenParameter(query: string): string | null {
  // Without "%" the form decoding only turns "+" into a space, which neither "access_token" nor a
  // token contains: the raw pairs answer as the decoded ones would, without building URLSearchParams.
  if (query.includes("%")) {
    for (const [name, value] of new URLSearchParams(query)) {
      if (carriesToken(name, value)) return name;
    }
    return null;
  }
  for (const pair of query.split("&")) {
    const equals = pair.indexOf("=");
    const name = equals < 0 ? pair : pair.slice(0, equals);
    const value = equals < 0 ? "" : pair.slice(equals + 1);
    if (carriesToken(name, value)) return name.replaceAll("+", " ");
  }
  return null;
}

function carriesToken(name: string, value: string): boolean {
  return name.toLowerCase() === "access_token" || TOKEN_IN_VALUE.test(value);
}
