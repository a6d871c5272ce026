import type { Context } from "hono";
import { requireToken } from "../auth/middleware";
import { assertAuthAllowed, assertWriteAllowed, recordAuthFailure } from "../auth/rate-limit";
import { verifyToken } from "../auth/tokens";
import type { AppEnv } from "../env";
import { BoundedBody } from "../lib/bounded-body";
import { countFormFields, type FormEncoding, formEncoding, scanForToken } from "../lib/form-scan";
import { problem } from "../lib/problem";
import { MAX_BODY_BYTES } from "../lib/validate";
import { MAX_MEDIA_BYTES, tooLarge } from "../services/media";
import { invalidRequest } from "./micropub-errors";

// A Micropub POST is authenticated before its body is parsed: an anonymous request costs at most
// TOKEN_SCAN_BYTES of memory and one linear scan, whatever it declares or sends.

type Ctx = Context<AppEnv>;

/** An anonymous form body must carry access_token within its first bytes, or it is refused unread. */
export const TOKEN_SCAN_BYTES = 64 * 1024;
export const MAX_FORM_FIELDS = 500;
export const MAX_FILES_PER_POST = 10;
/** Room for multipart boundaries, part headers and the other fields around a maximal image. */
const MULTIPART_LIMIT = MAX_MEDIA_BYTES + 64 * 1024;
const SCAN_STEP = 4 * 1024;
const JSON_TYPE = /^application\/(?:[a-z0-9.+-]+\+)?json\s*(?:;|$)/;

export type MicropubBody = { kind: "json"; json: Record<string, unknown> } | { kind: "form"; form: FormData };

/** Authenticates the request (header, or access_token early in a form body), then reads its body. */
export async function readMicropubPost(c: Ctx): Promise<MicropubBody> {
  const contentType = c.req.header("content-type") ?? "";
  const json = JSON_TYPE.test(contentType.toLowerCase());
  const encoding = json ? null : formEncoding(contentType);
  if (!json && !encoding) throw unreadable(contentType);
  const multipart = encoding?.kind === "multipart";
  const limit = multipart ? MULTIPART_LIMIT : MAX_BODY_BYTES;
  const tooBig = multipart ? tooLarge : () => bodyTooLarge(limit);
  if (Number(c.req.header("content-length") ?? 0) > limit) throw tooBig();
  const body = new BoundedBody(c.req.raw.body, limit, tooBig);
  const viaHeader = c.req.header("authorization") !== undefined;
  const fieldToken = viaHeader ? undefined : await authenticateFromBody(c, body, encoding);
  if (viaHeader) await requireToken(c, async () => {});

  const bytes = await body.readAll();
  if (!encoding) return { kind: "json", json: parseJson(bytes) };
  const form = await parseForm(bytes, encoding, contentType);
  const tokens = form.getAll("access_token");
  if (viaHeader && tokens.length > 0) {
    throw invalidRequest(
      "Send the token in the Authorization header or in access_token, not both",
      "/access_token",
    );
  }
  // The scan and the parser must agree on the one token, or the scan could be fooled.
  if (!viaHeader && (tokens.length !== 1 || tokens[0] !== fieldToken)) {
    throw invalidRequest("Send access_token exactly once", "/access_token");
  }
  assertFileCount(form);
  return { kind: "form", form };
}

async function authenticateFromBody(c: Ctx, body: BoundedBody, encoding: FormEncoding | null) {
  await assertAuthAllowed(c);
  const secret = encoding ? await scanToken(body, encoding) : undefined;
  const token = secret ? await verifyToken(c.var.db, secret, c.var.now) : null;
  if (!token) {
    await body.cancel();
    if (secret) await recordAuthFailure(c);
    throw problem({
      status: 401,
      type: "unauthorized",
      title: "Authentication required",
      detail: secret
        ? "The token is unknown, expired or revoked."
        : `Send Authorization: Bearer <token>, or access_token within the first ${TOKEN_SCAN_BYTES / 1024} KiB of a form body.`,
      headers: { "www-authenticate": 'Bearer realm="micropub"' },
    });
  }
  c.set("token", token);
  await assertWriteAllowed(c);
  return secret;
}

/** Reads no further than TOKEN_SCAN_BYTES, rescanning every SCAN_STEP so tiny chunks stay cheap. */
async function scanToken(body: BoundedBody, encoding: FormEncoding): Promise<string | undefined> {
  for (;;) {
    await body.fill(Math.min(TOKEN_SCAN_BYTES, body.size + SCAN_STEP));
    const complete = body.done && body.size <= TOKEN_SCAN_BYTES;
    const scan = scanForToken(body.bytes().subarray(0, TOKEN_SCAN_BYTES), encoding, complete);
    if (scan.state === "found") return scan.token;
    if (scan.state === "absent" || complete || body.size >= TOKEN_SCAN_BYTES) return undefined;
  }
}

async function parseForm(bytes: Uint8Array, encoding: FormEncoding, contentType: string) {
  if (countFormFields(bytes, encoding, MAX_FORM_FIELDS) > MAX_FORM_FIELDS) {
    throw invalidRequest(`A post may have at most ${MAX_FORM_FIELDS} fields`, "");
  }
  try {
    return await new Response(bytes, { headers: { "content-type": contentType } }).formData();
  } catch {
    throw invalidRequest("The form body is malformed");
  }
}

function assertFileCount(form: FormData): void {
  let files = 0;
  for (const [name, value] of form.entries()) {
    if (typeof value === "string" || ++files <= MAX_FILES_PER_POST) continue;
    throw invalidRequest(
      `A post may carry at most ${MAX_FILES_PER_POST} files`,
      `/properties/${name.replace(/\[\]$/, "")}`,
    );
  }
}

function parseJson(bytes: Uint8Array): Record<string, unknown> {
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes));
  } catch {
    throw invalidRequest("The body is not valid UTF-8 JSON");
  }
  if (!body || typeof body !== "object" || Array.isArray(body))
    throw invalidRequest("The body must be a JSON object");
  return body as Record<string, unknown>;
}

function unreadable(contentType: string) {
  if (/^\s*multipart\/form-data/i.test(contentType)) {
    return invalidRequest("multipart/form-data needs a boundary parameter");
  }
  return problem({
    status: 415,
    type: "unsupported-media-type",
    title: "Unsupported media type",
    detail: "Send form-encoded, multipart/form-data or JSON.",
  });
}

function bodyTooLarge(limit: number) {
  return problem({
    status: 413,
    type: "payload-too-large",
    title: "Request body too large",
    detail: `Form-encoded and JSON posts may be at most ${limit} bytes; send photos as multipart/form-data or to the media endpoint.`,
  });
}
