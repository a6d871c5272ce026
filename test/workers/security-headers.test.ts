// src/lib/security-headers.ts writes out what hono's secureHeaders() set before: the same options here, run
// through secureHeaders() itself, must give exactly the headers our responses carry.
import { Hono } from "hono";
import { type SecureHeadersVariables, secureHeaders } from "hono/secure-headers";
import { describe, expect, it } from "vitest";
import { STYLESHEET_FILE } from "../../src/render/site-css";
import { request } from "./support/helpers";

const PERMISSIONS = { camera: [], microphone: [], geolocation: [], payment: [], usb: [] };
const PAGE_OPTIONS = {
  contentSecurityPolicy: {
    defaultSrc: ["'none'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", "https:"],
    connectSrc: ["'self'"],
    baseUri: ["'none'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  },
  xFrameOptions: "DENY",
  referrerPolicy: "strict-origin-when-cross-origin",
  permissionsPolicy: PERMISSIONS,
};
const DESK_OPTIONS = {
  contentSecurityPolicy: {
    defaultSrc: ["'none'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", "https:"],
    formAction: ["'self'"],
    baseUri: ["'none'"],
    frameAncestors: ["'none'"],
  },
  xFrameOptions: "DENY",
  referrerPolicy: "same-origin",
  permissionsPolicy: PERMISSIONS,
};

async function honoSecurityHeaders(
  options: Parameters<typeof secureHeaders>[0],
): Promise<Record<string, string>> {
  const app = new Hono<{ Variables: SecureHeadersVariables }>();
  app.use(secureHeaders(options));
  app.get("/", (c) => c.body(null, 204));
  const res = await app.request("/");
  return Object.fromEntries(res.headers);
}

function pick(headers: Headers, names: string[]): Record<string, string | null> {
  return Object.fromEntries(names.map((name) => [name, headers.get(name)]));
}

describe("security headers", () => {
  it("public pages and stylesheets carry exactly what secureHeaders() sets with the page policy", async () => {
    const expected = await honoSecurityHeaders(PAGE_OPTIONS);
    expect(Object.keys(expected).length).toBeGreaterThan(10);
    for (const path of ["/", "/articles/missing", `/assets/${STYLESHEET_FILE}`]) {
      const res = await request(path);
      expect(pick(res.headers, Object.keys(expected)), path).toEqual(expected);
      expect(res.headers.has("x-powered-by")).toBe(false);
    }
  });

  it("the desk carries exactly what secureHeaders() sets with the desk policy", async () => {
    const expected = await honoSecurityHeaders(DESK_OPTIONS);
    const res = await request("/desk/login");
    expect(pick(res.headers, Object.keys(expected))).toEqual(expected);
  });
});
