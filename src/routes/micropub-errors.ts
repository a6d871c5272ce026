import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../env";
import { ProblemError, problem, problemResponse } from "../lib/problem";

// Micropub clients read `error` and `error_description` (W3C Micropub, error responses); we add
// them to our problem+json answers instead of replacing them.

/** Runs a handler and answers its failures in Micropub's error vocabulary. */
export async function guarded(c: Context<AppEnv>, run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (err) {
    let init: ProblemError["init"];
    if (err instanceof ProblemError) init = err.init;
    else if (err instanceof HTTPException && (err.status === 400 || err.status === 401)) {
      const res = err.getResponse();
      const www = res.headers.get("www-authenticate");
      const detail = err.status === 401 ? "The token is missing, unknown, expired or revoked." : err.message;
      init = {
        status: err.status,
        type: err.status === 401 ? "unauthorized" : "bad-request",
        title: err.status === 401 ? "Authentication required" : "Malformed Authorization header",
        detail,
        headers: www ? { "www-authenticate": www } : undefined,
      };
    } else throw err;
    if (init.status >= 500 || init.status === 429) throw err;
    return problemResponse(withMicropubError(init), new URL(c.req.url).pathname);
  }
}

function withMicropubError(init: ProblemError["init"]): ProblemError["init"] {
  const description = [
    init.detail ?? init.title,
    ...(init.errors ?? []).map((e) => `${e.pointer}: ${e.detail}`),
  ]
    .filter((v, i, all) => all.indexOf(v) === i)
    .join(" ");
  if (init.status === 401)
    return { ...init, extra: { ...init.extra, error: "unauthorized", error_description: description } };
  if (init.status === 403 && init.type === "forbidden") {
    // Micropub answers a token without the needed scope with 401 insufficient_scope.
    const scope = /scope="([^"]+)"/.exec(init.headers?.["www-authenticate"] ?? "")?.[1] ?? init.extra?.scope;
    return {
      ...init,
      status: 401,
      extra: {
        ...init.extra,
        error: "insufficient_scope",
        error_description: description,
        ...(scope ? { scope } : {}),
      },
    };
  }
  if (init.status === 403)
    return { ...init, extra: { ...init.extra, error: "forbidden", error_description: description } };
  const status = init.status === 413 ? 413 : 400;
  return {
    ...init,
    status,
    extra: { ...init.extra, error: "invalid_request", error_description: description },
  };
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
