import type { ErrorHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { InsufficientScopeError } from "../auth/insufficient-scope";
import type { AppEnv } from "../env";
import { ProblemError, problem, problemResponse } from "../lib/problem";

// Micropub clients read `error` and `error_description` (W3C Micropub, error responses); we add
// them to our problem+json answers instead of replacing them.

/**
 * The Micropub sub-app's onError: client errors in Micropub's vocabulary. 429 and 5xx, and
 * anything that is not a problem, are rethrown to the app's onError, which answers them as for
 * every other route.
 */
export const micropubErrorHandler: ErrorHandler<AppEnv> = (err, c) => {
  const init = clientProblem(err);
  if (!init || init.status >= 500 || init.status === 429) throw err;
  const scope = err instanceof InsufficientScopeError ? err.scope : undefined;
  return problemResponse(withMicropubError(init, scope), new URL(c.req.url).pathname);
};

function clientProblem(err: unknown): ProblemError["init"] | null {
  if (err instanceof ProblemError) return err.init;
  if (!(err instanceof HTTPException) || (err.status !== 400 && err.status !== 401)) return null;
  // bearerAuth's ready answers: keep their challenge, say it in problem+json.
  const www = err.getResponse().headers.get("www-authenticate");
  const unauthorized = err.status === 401;
  return {
    status: err.status,
    type: unauthorized ? "unauthorized" : "bad-request",
    title: unauthorized ? "Authentication required" : "Malformed Authorization header",
    detail: unauthorized ? "The token is missing, unknown, expired or revoked." : err.message,
    headers: www ? { "www-authenticate": www } : undefined,
  };
}

function withMicropubError(init: ProblemError["init"], scope: string | undefined): ProblemError["init"] {
  const description = [
    init.detail ?? init.title,
    ...(init.errors ?? []).map((e) => `${e.pointer}: ${e.detail}`),
  ]
    .filter((v, i, all) => all.indexOf(v) === i)
    .join(" ");
  const answer = (status: ProblemError["init"]["status"], error: string, more = {}) => ({
    ...init,
    status,
    extra: { ...init.extra, error, error_description: description, ...more },
  });
  if (init.status === 401) return answer(401, "unauthorized");
  // Micropub answers a token without the needed scope with 401 insufficient_scope.
  if (scope) return answer(401, "insufficient_scope", { scope });
  if (init.status === 403) return answer(403, "forbidden");
  return answer(init.status === 413 ? 413 : 400, "invalid_request");
}

/** A malformed Micropub request; `pointer` names the offending field or parameter. */
export function invalidRequest(detail: string, pointer?: string) {
  return problem({
    status: 400,
    type: "bad-request",
    title: "Invalid Micropub request",
    detail,
    ...(pointer !== undefined ? { errors: [{ pointer, detail }] } : {}),
  });
}
