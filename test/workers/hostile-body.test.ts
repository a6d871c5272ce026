// Hostile request bodies (syntax, encoding, nesting, size, media type) on POST and PATCH.
import { MAX_BODY_BYTES } from "../../src/lib/validate";
import { chineseArticle } from "../fixtures/articles";
import { describeHostile, type HostileCase, send, sendJson } from "./support/hostile-kit";

type BodyCase = [category: string, name: string, status: number, init: () => RequestInit, pointer?: string];

const bytes = (...values: number[]) => new Uint8Array(values);
const utf8 = (text: string) => new TextEncoder().encode(text);
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
};

/** A body with no Content-Length: the size is only known by reading it. */
function stream(chunk: Uint8Array, times: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent++ >= times) controller.close();
      else controller.enqueue(chunk);
    },
  });
}

const json = (body: BodyInit, headers: Record<string, string> = {}): RequestInit => ({
  body,
  headers: { "content-type": "application/json", ...headers },
});
const typed = (contentType: string | null, body: BodyInit): RequestInit => ({
  body,
  headers: contentType === null ? {} : { "content-type": contentType },
});

const VALID = JSON.stringify(chineseArticle());
const OVER = MAX_BODY_BYTES + 1;
const deepArray = (n: number) => "[".repeat(n) + "]".repeat(n);
const deepObject = (n: number) => `${'{"a":'.repeat(n)}1${"}".repeat(n)}`;
const KIB = utf8("[".repeat(1024));

const MALFORMED = [
  ['{"title": "x",'],
  ["{title: 'x'}"],
  ["{'title': 'x'}"],
  ['{"title":"x"}}'],
  ['{"a":1}{"b":2}'],
  ['{"title":"x",}'],
  ['{"title":"\\x"}'],
  ['{"title":"a'],
  ["// comment\n{}"],
  ["NaN"],
  ["undefined"],
  [""],
  ["\u0000"],
  ['{"title":"x"}\u0000'],
].map(([text]) => text as string);

const cases: BodyCase[] = [
  ...MALFORMED.map(
    (text): BodyCase => ["malformed JSON", JSON.stringify(text).slice(0, 40), 400, () => json(text)],
  ),
  [
    "invalid UTF-8",
    "bytes FF FE",
    400,
    () => json(bytes(0x7b, 0x22, 0x74, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d)),
  ],
  [
    "invalid UTF-8",
    "overlong slash C0 AF",
    400,
    () => json(concat(utf8('{"title":"'), bytes(0xc0, 0xaf), utf8('"}'))),
  ],
  [
    "invalid UTF-8",
    "encoded surrogate ED A0 80",
    400,
    () => json(concat(utf8('{"title":"'), bytes(0xed, 0xa0, 0x80), utf8('"}'))),
  ],
  [
    "invalid UTF-8",
    "truncated sequence E6 97",
    400,
    () => json(concat(utf8('{"title":"'), bytes(0xe6, 0x97), utf8('"}'))),
  ],
  [
    "invalid UTF-8",
    "lone continuation 80",
    400,
    () => json(concat(utf8('{"title":"'), bytes(0x80), utf8('"}'))),
  ],
  ["invalid UTF-8", "Latin-1 é", 400, () => json(concat(utf8('{"title":"caf'), bytes(0xe9), utf8('"}')))],
  [
    "invalid UTF-8",
    "UTF-16 body declared as charset=utf-16",
    400,
    () => {
      const text = '{"title":"x"}';
      const out = new Uint8Array(text.length * 2 + 2);
      out.set([0xff, 0xfe]);
      for (let i = 0; i < text.length; i++) out[2 + i * 2] = text.charCodeAt(i);
      return json(out, { "content-type": "application/json; charset=utf-16" });
    },
  ],
  ["deep nesting", "100k unclosed [", 400, () => json("[".repeat(100_000))],
  ["deep nesting", "1M unclosed [ (under the cap)", 400, () => json("[".repeat(1_000_000))],
  ["deep nesting", "100k unclosed {", 400, () => json('{"a":'.repeat(100_000))],
  ["deep nesting", "100k balanced [ at the root", 422, () => json(deepArray(100_000)), ""],
  [
    "deep nesting",
    "100k balanced [ in tags",
    422,
    () => json(`{"title":"x","tags":${deepArray(100_000)}}`),
    "/tags/0",
  ],
  [
    "deep nesting",
    "100k nested objects in an unknown field",
    422,
    () => json(`{"title":"x","x":${deepObject(100_000)}}`),
    "/x",
  ],
  [
    "deep nesting",
    "100k nested objects in image",
    422,
    () => json(`{"title":"x","image":${deepObject(100_000)}}`),
    "/image/a",
  ],
  ["wrong type", "root array", 422, () => json("[]"), ""],
  ["wrong type", "root string", 422, () => json('"title"'), ""],
  ["wrong type", "root number", 422, () => json("42"), ""],
  ["wrong type", "root null", 422, () => json("null"), ""],
  ["wrong type", "root boolean", 422, () => json("true"), ""],
  ["huge array", "root array of 200k numbers", 422, () => json(`[${Array(200_000).fill(1).join(",")}]`), ""],
  [
    "oversized body",
    "declared Content-Length over the cap",
    413,
    () => json(`${VALID}${" ".repeat(OVER)}`, { "content-length": String(VALID.length + OVER) }),
  ],
  [
    "oversized body",
    "declared Content-Length over the cap, tiny body",
    413,
    () => json(VALID, { "content-length": String(OVER) }),
  ],
  [
    "oversized body",
    "Content-Length understating a 2 MiB body",
    413,
    () => json(`{"title":"${"x".repeat(2 * 1024 * 1024)}"}`, { "content-length": "100" }),
  ],
  [
    "oversized body",
    "streamed, no Content-Length, valid JSON over the cap",
    413,
    () => json(stream(utf8(`[${"1,".repeat(511)}1]`), 1100)),
  ],
  [
    "oversized body",
    "streamed invalid JSON over the cap (cap before parsing)",
    413,
    () => json(stream(KIB, 1025)),
  ],
  [
    "oversized body",
    "streamed invalid UTF-8 over the cap",
    413,
    () => json(stream(new Uint8Array(1024).fill(0xff), 1025)),
  ],
  ["oversized body", "endless stream", 413, () => json(stream(KIB, Number.POSITIVE_INFINITY))],
  ["content type", "text/plain", 415, () => typed("text/plain", VALID)],
  [
    "content type",
    "multipart/form-data",
    415,
    () => {
      const form = new FormData();
      form.set("title", "x");
      return { body: form };
    },
  ],
  [
    "content type",
    "application/x-www-form-urlencoded",
    415,
    () => ({ body: new URLSearchParams({ title: "x" }) }),
  ],
  ["content type", "missing", 415, () => typed(null, utf8(VALID))],
  ["content type", "empty", 415, () => typed("", VALID)],
  ["content type", "text/json", 415, () => typed("text/json", VALID)],
  ["content type", "application/jsonp", 415, () => typed("application/jsonp", VALID)],
  ["content type", "application/json-seq", 415, () => typed("application/json-seq", VALID)],
  ["content type", "application/xml", 415, () => typed("application/xml", "<title>x</title>")],
  ["content type", "application/javascript", 415, () => typed("application/javascript", VALID)],
];

function hostileCases(): HostileCase[] {
  return cases.flatMap(([category, name, status, init, pointer]) =>
    (["POST", "PATCH"] as const).map(
      (method): HostileCase => ({
        category,
        name: `${method} ${name}`,
        status,
        pointer,
        send: (t) => {
          const request = init();
          const headers = new Headers(request.headers);
          headers.set("authorization", `Bearer ${t.token}`);
          if (method === "PATCH") headers.set("if-match", t.etag);
          const path = method === "POST" ? "/api/v1/articles" : `/api/v1/articles/${t.id}`;
          return send(path, { ...request, method, headers, duplex: "half" } as RequestInit);
        },
      }),
    ),
  );
}

const emptyPatch: HostileCase = {
  category: "wrong type",
  name: "PATCH {} (must change at least one field)",
  status: 422,
  pointer: "",
  send: (t) => sendJson("PATCH", `/api/v1/articles/${t.id}`, t.token, "{}", { "if-match": t.etag }),
};

describeHostile("hostile-body", "hostile request bodies → 400/413/415/422 problem+json, nothing written", [
  ...hostileCases(),
  emptyPatch,
]);
