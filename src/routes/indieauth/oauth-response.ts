import type { Context } from "hono";
import { OAuthError } from "../../auth/indieauth/codes";

const NO_STORE = { "cache-control": "no-store", pragma: "no-cache" };

/** RFC 6749 §5.2: `{error, error_description}`, never cached. */
export function oauthErrorResponse(c: Context, err: OAuthError): Response {
  const headers: Record<string, string> = { ...NO_STORE };
  if (err.status === 401) headers["www-authenticate"] = `Bearer error="${err.error}"`;
  return c.json({ error: err.error, error_description: err.description }, err.status as 400, headers);
}

export function oauthJson(c: Context, body: Record<string, unknown>): Response {
  return c.json(body, 200, NO_STORE);
}

const MAX_FORM_BYTES = 16 * 1024;

/** The form-encoded body every OAuth endpoint takes, as name → first value. */
export async function oauthForm(c: Context): Promise<Record<string, string | undefined>> {
  const type = c.req.header("content-type") ?? "";
  if (!/^application\/x-www-form-urlencoded\b/i.test(type)) {
    throw new OAuthError("invalid_request", "Send the parameters as application/x-www-form-urlencoded.");
  }
  // Bytes, not .text(): workerd warns when a form body is read as text.
  const bytes = await c.req.arrayBuffer();
  if (bytes.byteLength > MAX_FORM_BYTES)
    throw new OAuthError("invalid_request", "The request body is too large.");
  const text = new TextDecoder().decode(bytes);
  const fields: Record<string, string | undefined> = {};
  for (const [name, value] of new URLSearchParams(text)) {
    if (name in fields) throw new OAuthError("invalid_request", `${name} was sent more than once.`);
    fields[name] = value;
  }
  return fields;
}
