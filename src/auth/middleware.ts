import type { Context, MiddlewareHandler } from "hono";
import { bearerAuth } from "hono/bearer-auth";
import type { AppEnv } from "../env";
import { problem, problemResponse } from "../lib/problem";
import { assertAuthAllowed, assertWriteAllowed, recordAuthFailure } from "./rate-limit";
import {
  type AuthenticatedToken,
  hasScope,
  isTokenUseStale,
  recordTokenUse,
  type Scope,
  verifyToken,
} from "./tokens";

const REALM = "editor-api";

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

export function assertScope(c: Context<AppEnv>, scope: Scope): void {
  if (!hasScope(c.var.token, scope)) {
    throw problem({
      status: 403,
      type: "forbidden",
      title: "Insufficient scope",
      detail: `This request needs a token with the "${scope}" scope.`,
      headers: {
        "www-authenticate": `Bearer realm="${REALM}", error="insufficient_scope", scope="${scope}"`,
      },
    });
  }
}

/** Route-level form of assertScope. */
export function requireScope(scope: Scope): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    assertScope(c, scope);
    await next();
  };
}
