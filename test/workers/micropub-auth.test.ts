// Micropub authenticates before it parses: anonymous bodies are refused after a bounded pre-read,
// the auth-failure lockout comes before any read, and field, part and file counts are capped.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { png } from "../fixtures/images";
import { dumpDatabase, resetDatabase } from "./support/database";
import { mintToken, request } from "./support/helpers";

const SCAN_WINDOW = 64 * 1024;
const CHUNK = 16 * 1024;
// The runtime may pull a chunk or two ahead of what the worker asked for.
const PULL_BOUND = SCAN_WINDOW + 2 * CHUNK;
const utf8 = (text: string) => new TextEncoder().encode(text);
let ip = 0;

beforeEach(async () => {
  await resetDatabase();
  const listed = await env.MEDIA.list();
  if (listed.objects.length > 0) await env.MEDIA.delete(listed.objects.map((o) => o.key));
});

/** A body of `head` then `chunk` repeated `times` times, counting how many bytes the worker pulled. */
function countingBody(head: Uint8Array, chunk: Uint8Array, times: number) {
  const counter = { pulled: 0 };
  let sent = -1;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const next = sent < 0 ? head : sent < times ? chunk : null;
        sent += 1;
        if (!next) return controller.close();
        counter.pulled += next.byteLength;
        controller.enqueue(next);
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, counter };
}

function post(body: BodyInit, contentType: string, headers: Record<string, string> = {}) {
  ip += 1;
  return request("/micropub", {
    method: "POST",
    headers: { "content-type": contentType, "cf-connecting-ip": `203.0.113.${ip}`, ...headers },
    body,
    duplex: "half",
  } as RequestInit);
}

const FORM = "application/x-www-form-urlencoded";

function multipart(parts: { name: string; value: string | Uint8Array; filename?: string }[]) {
  const boundary = "----micropubTestBoundary";
  const chunks: Uint8Array[] = [];
  for (const part of parts) {
    const file = part.filename ? `; filename="${part.filename}"` : "";
    const type = part.filename ? "\r\nContent-Type: application/octet-stream" : "";
    chunks.push(
      utf8(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"${file}${type}\r\n\r\n`),
    );
    chunks.push(typeof part.value === "string" ? utf8(part.value) : part.value, utf8("\r\n"));
  }
  chunks.push(utf8(`--${boundary}--\r\n`));
  const body = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

describe("anonymous Micropub bodies are refused after a bounded pre-read", () => {
  it("a 10 MB form without a token: 401 having read at most the scan window", async () => {
    const { stream, counter } = countingBody(utf8("h=entry&content="), utf8("a&".repeat(CHUNK / 2)), 640);
    const res = await post(stream, FORM);
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(counter.pulled).toBeLessThanOrEqual(PULL_BOUND);
  });

  it("an endless multipart stream without a token: 401, not a read to the size cap", async () => {
    const head = utf8('--b\r\nContent-Disposition: form-data; name="photo"; filename="x.png"\r\n\r\n');
    const { stream, counter } = countingBody(head, new Uint8Array(CHUNK), Number.POSITIVE_INFINITY);
    const res = await post(stream, "multipart/form-data; boundary=b");
    expect(res.status).toBe(401);
    expect(counter.pulled).toBeLessThanOrEqual(PULL_BOUND);
  });

  it("an unknown token early in the body: 401 and counted as a failure, rest unread", async () => {
    const { stream, counter } = countingBody(
      utf8("access_token=enf_nope&content="),
      utf8("x".repeat(CHUNK)),
      640,
    );
    const res = await post(stream, FORM);
    expect(res.status).toBe(401);
    expect(counter.pulled).toBeLessThanOrEqual(PULL_BOUND);
  });

  it("a locked-out client gets 429 before its body is read", async () => {
    const client = "203.0.113.250";
    for (let i = 0; i < 10; i++) {
      const res = await request("/micropub", {
        method: "POST",
        headers: { "content-type": FORM, "cf-connecting-ip": client },
        body: `access_token=enf_wrong${i}&h=entry`,
      });
      expect(res.status).toBe(401);
    }
    const { stream, counter } = countingBody(utf8("h=entry&content="), utf8("a&".repeat(CHUNK / 2)), 640);
    const res = await request("/micropub", {
      method: "POST",
      headers: { "content-type": FORM, "cf-connecting-ip": client },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(429);
    expect(counter.pulled).toBeLessThanOrEqual(CHUNK);
  });

  it("a token in the first bytes of a multipart body unlocks the media cap for the rest", async () => {
    const { secret } = await mintToken();
    const photo = new Uint8Array(2 * 1024 * 1024);
    photo.set(png(800, 600));
    const { body, contentType } = multipart([
      { name: "access_token", value: secret },
      { name: "name", value: "Photo via the form token" },
      { name: "photo", value: photo, filename: "p.png" },
    ]);
    const res = await post(body, contentType);
    expect(res.status).toBe(201);
    expect((await env.MEDIA.list()).objects).toHaveLength(1);
  });

  it("a form token past the scan window is not looked for: 401", async () => {
    const { secret } = await mintToken();
    const before = await dumpDatabase();
    const res = await post(
      new URLSearchParams([
        ["content", "x".repeat(SCAN_WINDOW)],
        ["access_token", secret],
      ]).toString(),
      FORM,
    );
    expect(res.status).toBe(401);
    expect(await dumpDatabase()).toBe(before);
  });

  it("the scanned token and the parsed form must agree: a second access_token is refused", async () => {
    const { secret } = await mintToken();
    const before = await dumpDatabase();
    const res = await post(`access_token=${secret}&name=x&access_token=enf_other`, FORM);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: { pointer: string }[] }).errors[0]?.pointer).toBe(
      "/access_token",
    );
    expect(await dumpDatabase()).toBe(before);
  });
});

describe("authenticated Micropub bodies are bounded", () => {
  const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

  it("more than 500 form fields: 400 before parsing, nothing written", async () => {
    const { secret } = await mintToken();
    const before = await dumpDatabase();
    const res = await post(`name=x&${"location=a&".repeat(500)}`, FORM, bearer(secret));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; errors: { pointer: string }[] };
    expect(body.error).toBe("invalid_request");
    expect(body.errors[0]?.pointer).toBe("");
    expect(await dumpDatabase()).toBe(before);
  });

  it("more than 500 multipart parts: 400, nothing written", async () => {
    const { secret } = await mintToken();
    const before = await dumpDatabase();
    const parts = Array.from({ length: 501 }, () => ({ name: "location", value: "a" }));
    const { body, contentType } = multipart([{ name: "name", value: "x" }, ...parts]);
    const res = await post(body, contentType, bearer(secret));
    expect(res.status).toBe(400);
    expect(await dumpDatabase()).toBe(before);
  });

  it("more than 10 files in one post: 400 naming the property, no object stored", async () => {
    const { secret } = await mintToken();
    const files = Array.from({ length: 11 }, (_, i) => ({
      name: "photo[]",
      value: png(i + 1, 1),
      filename: `${i}.png`,
    }));
    const { body, contentType } = multipart([{ name: "name", value: "x" }, ...files]);
    const res = await post(body, contentType, bearer(secret));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: { pointer: string }[] }).errors[0]?.pointer).toBe(
      "/properties/photo",
    );
    expect((await env.MEDIA.list()).objects).toHaveLength(0);
  });

  it("a form-encoded post over 1 MiB: 413 (the 10 MB cap is for multipart only)", async () => {
    const { secret } = await mintToken();
    const res = await post(`name=x&content=${"x".repeat(1024 * 1024)}`, FORM, bearer(secret));
    expect(res.status).toBe(413);
    expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  });
});
