// Hostile Micropub requests: anonymous floods refused before parsing, tokens in URLs, field, part
// and file counts past their caps, oversized bodies.
import { describeHostile, type HostileCase, send, type Target } from "./support/hostile-kit";

const utf8 = (text: string) => new TextEncoder().encode(text);
const FORM = "application/x-www-form-urlencoded";
const BOUNDARY = "b";
const MULTIPART = `multipart/form-data; boundary=${BOUNDARY}`;
const PNG_HEAD = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];

/** Streams `chunk` `times` times after `head`, with no Content-Length. */
function stream(head: string, chunk: Uint8Array, times: number): ReadableStream<Uint8Array> {
  let sent = -1;
  return new ReadableStream({
    pull(controller) {
      if (sent++ >= times) controller.close();
      else controller.enqueue(sent === 0 ? utf8(head) : chunk);
    },
  });
}

const part = (name: string, value: string) =>
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;

function filePart(name: string, index: number): Uint8Array {
  const head = utf8(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"; filename="${index}.png"\r\n\r\n`,
  );
  const png = Uint8Array.from([...PNG_HEAD, 0, 0, 0, index + 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0, 0, 0, 0]);
  const out = new Uint8Array(head.byteLength + png.byteLength + 2);
  out.set(head);
  out.set(png, head.byteLength);
  out.set(utf8("\r\n"), head.byteLength + png.byteLength);
  return out;
}

function join(parts: (string | Uint8Array)[]): Uint8Array {
  const bytes = parts.map((p) => (typeof p === "string" ? utf8(p) : p));
  const out = new Uint8Array(bytes.reduce((n, b) => n + b.byteLength, 0));
  let offset = 0;
  for (const b of bytes) {
    out.set(b, offset);
    offset += b.byteLength;
  }
  return out;
}

type Auth = "anonymous" | "bearer";

function post(auth: Auth, contentType: string, body: () => BodyInit, headers: Record<string, string> = {}) {
  return (t: Target) =>
    send("/micropub", {
      method: "POST",
      headers: {
        "content-type": contentType,
        ...(auth === "bearer" ? { authorization: `Bearer ${t.token}` } : {}),
        ...headers,
      },
      body: body(),
      duplex: "half",
    } as RequestInit);
}

const TEN_MB_FIELDS = utf8("a&".repeat(8192));
const cases: HostileCase[] = [
  {
    category: "anonymous flood",
    name: "10 MB of form fields streamed, no token",
    status: 401,
    send: post("anonymous", FORM, () => stream("h=entry&", TEN_MB_FIELDS, 640)),
  },
  {
    category: "anonymous flood",
    name: "180k multipart parts streamed, no token",
    status: 401,
    send: post("anonymous", MULTIPART, () => stream("", utf8(part("a", "").repeat(360)), 500)),
  },
  {
    category: "anonymous flood",
    name: "endless multipart file, no token",
    status: 401,
    send: post("anonymous", MULTIPART, () =>
      stream(
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="photo"; filename="x"\r\n\r\n`,
        new Uint8Array(65536),
        Number.POSITIVE_INFINITY,
      ),
    ),
  },
  {
    category: "anonymous flood",
    name: "declared 10 MB form-encoded body",
    status: 413,
    send: post("anonymous", FORM, () => "h=entry", { "content-length": String(10 * 1024 * 1024) }),
  },
  {
    category: "anonymous flood",
    name: "1 MB JSON, no token",
    status: 401,
    send: post("anonymous", "application/json", () => `{"type":["h-entry"],"x":"${"x".repeat(1_000_000)}"}`),
  },
  {
    category: "anonymous flood",
    name: "unknown token then 10 MB",
    status: 401,
    send: post("anonymous", FORM, () => stream("access_token=enf_unknown&content=", TEN_MB_FIELDS, 640)),
  },
  {
    category: "token placement",
    name: "access_token in the form and the Authorization header",
    status: 400,
    pointer: "/access_token",
    send: (t) => post("bearer", FORM, () => `access_token=${t.token}&name=x`)(t),
  },
  {
    category: "token placement",
    name: "access_token twice in the form",
    status: 400,
    pointer: "/access_token",
    send: (t) => post("anonymous", FORM, () => `access_token=${t.token}&name=x&access_token=${t.token}x`)(t),
  },
  ...[
    "/micropub?q=config&access_token=",
    "/micropub?access_token=",
    "/api/v1/articles?access_token=",
    "/api/v1/articles/1?access_token=",
    "/feed.xml?access_token=",
    "/articles/x?access_token=",
    "/media/x.png?access_token=",
  ].map(
    (path): HostileCase => ({
      category: "token in URL",
      name: `GET ${path}…`,
      status: 400,
      pointer: "/access_token",
      send: (t) => send(`${path}${t.token}`),
    }),
  ),
  {
    category: "token in URL",
    name: "POST /micropub?access_token=…",
    status: 400,
    pointer: "/access_token",
    send: (t) =>
      send(`/micropub?access_token=${t.token}`, {
        method: "POST",
        headers: { "content-type": FORM },
        body: "name=x",
      }),
  },
  {
    category: "token in URL",
    name: "token-shaped value in another parameter",
    status: 400,
    pointer: "/q",
    send: (t) => send(`/api/v1/articles?q=${t.token}`),
  },
  {
    category: "field caps",
    name: "501 form fields",
    status: 400,
    pointer: "",
    send: post("bearer", FORM, () => `name=x${"&location=a".repeat(500)}`),
  },
  {
    category: "field caps",
    name: "501 multipart parts",
    status: 400,
    pointer: "",
    send: post(
      "bearer",
      MULTIPART,
      () => `${part("name", "x")}${part("location", "a").repeat(500)}--${BOUNDARY}--\r\n`,
    ),
  },
  {
    category: "field caps",
    name: "100k multipart parts (5 MB)",
    status: 400,
    pointer: "",
    send: post("bearer", MULTIPART, () => `${part("a", "").repeat(100_000)}--${BOUNDARY}--\r\n`),
  },
  {
    category: "field caps",
    name: "11 photo files",
    status: 400,
    pointer: "/properties/photo",
    send: post("bearer", MULTIPART, () =>
      join([
        part("name", "x"),
        ...Array.from({ length: 11 }, (_, i) => filePart("photo[]", i)),
        `--${BOUNDARY}--\r\n`,
      ]),
    ),
  },
  {
    category: "field caps",
    name: "3,000 tiny files (the part cap refuses them first)",
    status: 400,
    pointer: "",
    send: post("bearer", MULTIPART, () =>
      join([
        part("name", "x"),
        ...Array.from({ length: 3000 }, (_, i) => filePart("photo", i % 250)),
        `--${BOUNDARY}--\r\n`,
      ]),
    ),
  },
  {
    category: "oversized body",
    name: "form-encoded over 1 MiB with a token",
    status: 413,
    send: post("bearer", FORM, () => `name=x&content=${"x".repeat(1024 * 1024)}`),
  },
  {
    category: "oversized body",
    name: "JSON over 1 MiB with a token",
    status: 413,
    send: post("bearer", "application/json", () => `{"type":["h-entry"],"x":"${"x".repeat(1024 * 1024)}"}`),
  },
  {
    category: "oversized body",
    name: "multipart streamed past the media cap",
    status: 413,
    send: post("bearer", MULTIPART, () => stream(part("name", "x"), new Uint8Array(65536), 170)),
  },
  {
    category: "malformed form",
    name: "multipart without a boundary",
    status: 400,
    send: post("bearer", "multipart/form-data", () => part("name", "x")),
  },
];

describeHostile(
  "hostile-micropub",
  "hostile Micropub requests → 400/401/413 problem+json, nothing written",
  cases,
);
