import { zValidator } from "@hono/zod-validator";
import type { MiddlewareHandler, ValidationTargets } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { ZodMiniType } from "zod/mini";
import "./zod-english";
import { problem, toJsonPointer, validationProblem } from "./problem";

export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * zValidator with one problem+json shape for every failure. Unknown-field, wrong-type and
 * invalid-value issues all map to 422 with a JSON Pointer per failing field.
 */
export function validate<T extends ZodMiniType, Target extends keyof ValidationTargets>(
  target: Target,
  schema: T,
) {
  return zValidator(target, schema, (result) => {
    if (result.success) return;
    const errors = result.error.issues.flatMap((issue) => {
      if (issue.code === "unrecognized_keys") {
        return issue.keys.map((key) => ({
          pointer: toJsonPointer([...issue.path, key]),
          detail: "is not a known field",
        }));
      }
      return [{ pointer: toJsonPointer(issue.path), detail: issue.message }];
    });
    if (target === "json") throw problem(validationProblem(errors));
    throw problem({
      ...validationProblem(errors),
      status: 400,
      type: "bad-request",
      title: "Invalid request parameters",
    });
  });
}

const JSON_TYPES = /^application\/(?:[a-z0-9.+-]+\+)?json\s*(?:;|$)/i;

/**
 * Gatekeeper for JSON request bodies, before any parsing: size cap (413), media type (415),
 * strict UTF-8 and JSON syntax (400). The parsed value is cached for zValidator.
 */
export function jsonBody(maxBytes = MAX_BODY_BYTES): MiddlewareHandler {
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw tooLarge(maxBytes);
    },
  });
  return async (c, next) => {
    const contentType = c.req.header("content-type") ?? "";
    if (!JSON_TYPES.test(contentType)) {
      throw problem({
        status: 415,
        type: "unsupported-media-type",
        title: "Unsupported media type",
        detail: `Send the body as application/json (got ${contentType ? `"${contentType.slice(0, 100)}"` : "none"}).`,
        headers: { "accept-post": "application/json", "accept-patch": "application/json" },
      });
    }
    return limit(c, async () => {
      const bytes = await c.req.arrayBuffer();
      // bodyLimit trusts a declared Content-Length; an in-process caller can declare less than it sends.
      if (bytes.byteLength > maxBytes) throw tooLarge(maxBytes);
      let text: string;
      try {
        text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
      } catch {
        throw malformed("The body is not valid UTF-8.");
      }
      try {
        JSON.parse(text);
      } catch (err) {
        throw malformed(`The body is not valid JSON: ${err instanceof Error ? err.message : "parse error"}.`);
      }
      await next();
    });
  };
}

function tooLarge(maxBytes: number) {
  return problem({
    status: 413,
    type: "payload-too-large",
    title: "Request body too large",
    detail: `The body must be at most ${maxBytes} bytes.`,
  });
}

function malformed(detail: string) {
  return problem({ status: 400, type: "malformed-json", title: "Malformed request body", detail });
}
