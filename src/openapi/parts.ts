// Building blocks of the OpenAPI document.

export type Json = Record<string, unknown>;

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
export const json = (schema: Json) => ({ "application/json": { schema } });
const problemRef = { "application/problem+json": { schema: ref("Problem") } };
export const problems = (...codes: number[]) =>
  Object.fromEntries(
    codes.map((code) => [String(code), { description: ERROR_TEXT[code], content: problemRef }]),
  );

const ERROR_TEXT: Record<number, string> = {
  400: "Malformed request (bad-request, malformed-json)",
  401: "Missing or invalid bearer token (unauthorized)",
  403: "Token lacks a scope (forbidden)",
  404: "No such resource (not-found)",
  409: "Conflict: slug, guid or deleted article (conflict)",
  410: "Deleted (gone)",
  412: "Stale If-Match (precondition-failed)",
  413: "Body too large (payload-too-large)",
  415: "Wrong Content-Type (unsupported-media-type)",
  422: "Invalid field; errors[] has a JSON Pointer per field (validation-failed, idempotency-key-reused)",
  428: "If-Match missing (precondition-required)",
};

export const idParam = {
  name: "id",
  in: "path",
  required: true,
  description: "Numeric article id (GET also accepts a current or former slug)",
  schema: { type: "string" },
};
export const bearer = (...scopes: string[]) => [{ bearer: scopes }];
