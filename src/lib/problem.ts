import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** One failing field: JSON Pointer into the request (RFC 6901) plus a human sentence. */
export interface FieldError {
  pointer: string;
  detail: string;
}

export interface ProblemInit {
  status: ContentfulStatusCode;
  /** Short slug appended to /problems/ for the type URI; omitted → about:blank. */
  type?: string;
  title: string;
  detail?: string;
  errors?: FieldError[];
  headers?: Record<string, string>;
  extra?: Record<string, unknown>;
}

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

export function problemResponse(init: ProblemInit, instance?: string): Response {
  const body: Record<string, unknown> = {
    type: init.type ? `/problems/${init.type}` : "about:blank",
    title: init.title,
    status: init.status,
  };
  if (init.detail) body.detail = init.detail;
  if (instance) body.instance = instance;
  if (init.errors && init.errors.length > 0) body.errors = init.errors;
  Object.assign(body, init.extra);
  return new Response(JSON.stringify(body), {
    status: init.status,
    headers: { "content-type": `${PROBLEM_CONTENT_TYPE}; charset=utf-8`, ...init.headers },
  });
}

/** Throwable problem: `throw problem({...})` anywhere; app.onError renders it with the request path. */
export class ProblemError extends HTTPException {
  constructor(readonly init: ProblemInit) {
    super(init.status, { message: init.title });
  }
}

export function problem(init: ProblemInit): ProblemError {
  return new ProblemError(init);
}

export function renderProblem(c: Context, init: ProblemInit): Response {
  return problemResponse(init, new URL(c.req.url).pathname);
}

export const validationProblem = (errors: FieldError[], detail?: string): ProblemInit => ({
  status: 422,
  type: "validation-failed",
  title: "The request body failed validation",
  detail: detail ?? errors.map((e) => `${e.pointer || "/"}: ${e.detail}`).join("; "),
  errors,
});

export function toJsonPointer(path: ReadonlyArray<PropertyKey>): string {
  return path.map((p) => `/${String(p).replaceAll("~", "~0").replaceAll("/", "~1")}`).join("");
}

/** Human descriptions of the problem types we emit; served at /problems/{type}. */
export const PROBLEM_TYPES: Record<string, string> = {
  "validation-failed":
    "A field of the request is missing, has the wrong type or an invalid value. See errors[].",
  "malformed-json": "The request body is not valid UTF-8 JSON.",
  "unsupported-media-type": "The request body must be sent as application/json.",
  "payload-too-large": "The request body is larger than the limit.",
  unauthorized: "A valid bearer token is required (Authorization: Bearer …).",
  forbidden: "The token is valid but lacks a scope this request needs.",
  "not-found": "No resource at this URL.",
  gone: "The resource existed and was deleted.",
  "precondition-required": "Send If-Match with the ETag you last read.",
  "precondition-failed": "The resource changed since you read it: reload, reapply your edit, retry.",
  conflict: "The request conflicts with the current state (for example a slug already in use).",
  "idempotency-key-reused": "This Idempotency-Key was used with a different request body.",
  "rate-limited": "Too many requests; retry after the number of seconds in Retry-After.",
  "service-unavailable": "A dependency is temporarily unavailable; nothing was written. Retry later.",
  "bad-request": "The request is malformed (query parameter, cursor, header).",
};
