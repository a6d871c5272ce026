import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { RATE_LIMIT_DEFAULTS, rateLimitConfig } from "../../src/auth/rate-limit";
import { hitRateLimit, peekRateLimit, pruneRateLimits, windowAt } from "../../src/db/rate-limits";
import { draftArticle } from "../fixtures/articles";
import { db, dumpDatabase } from "./support/database";
import { appRequest, dbFailingOn } from "./support/fault-env";
import { jsonInit, mintToken, request } from "./support/helpers";

const BAD_TOKEN = "enf_definitelyNotARealTokenValue000000000000000";
// 15 s into a minute: every window below is aligned to whole minutes, so Retry-After is 45.
const T0 = Date.UTC(2031, 0, 1, 12, 0, 15);
let ipCounter = 0;

function freshIp() {
  ipCounter += 1;
  return `198.51.100.${ipCounter}`;
}

function get(path: string, ip: string, token?: string) {
  return request(path, {
    headers: { "cf-connecting-ip": ip, ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
}

async function expect429(res: Response, retryAfter: number) {
  expect(res.status).toBe(429);
  expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  expect(res.headers.get("retry-after")).toBe(String(retryAfter));
  const body = (await res.json()) as { status: number; type: string };
  expect(body).toMatchObject({ status: 429, type: "/problems/rate-limited" });
}

afterEach(() => vi.restoreAllMocks());

describe("fixed-window counter (src/db/rate-limits.ts)", () => {
  it("counts hits in one window and restarts at 1 in the next", async () => {
    const bucket = `unit:${crypto.randomUUID()}`;
    expect(await hitRateLimit(db(), bucket, 60_000)).toBe(1);
    expect(await hitRateLimit(db(), bucket, 60_000)).toBe(2);
    expect(await peekRateLimit(db(), bucket, 60_000)).toBe(2);
    expect(await peekRateLimit(db(), bucket, 120_000)).toBe(0);
    expect(await hitRateLimit(db(), bucket, 120_000)).toBe(1);
    expect(await pruneRateLimits(db(), 120_000)).toBeGreaterThanOrEqual(0);
    expect(await peekRateLimit(db(), bucket, 120_000)).toBe(1);
  });

  it("loses no increments under concurrent hits", async () => {
    const bucket = `unit:${crypto.randomUUID()}`;
    const counts = await Promise.all(Array.from({ length: 25 }, () => hitRateLimit(db(), bucket, 0)));
    expect(counts.sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  });

  it("gives the seconds left in the window as Retry-After", () => {
    expect(windowAt(T0, 60_000)).toEqual({ start: T0 - 15_000, retryAfterSeconds: 45 });
    expect(windowAt(T0 - 15_000, 60_000).retryAfterSeconds).toBe(60);
    expect(windowAt(T0 + 44_999, 60_000).retryAfterSeconds).toBe(1);
  });

  it("reads its limits from wrangler.toml [vars]", () => {
    expect(env.WRITE_RATE_LIMIT_PER_MINUTE).toBe("120");
    expect(rateLimitConfig(env)).toEqual({ authFailures: 10, authWindowMs: 60_000, writesPerMinute: 120 });
    const odd = { DB: env.DB, AUTH_FAILURE_LIMIT: "ten", WRITE_RATE_LIMIT_PER_MINUTE: "-1" };
    expect(rateLimitConfig(odd as never).authFailures).toBe(RATE_LIMIT_DEFAULTS.authFailures);
    expect(rateLimitConfig(odd as never).writesPerMinute).toBe(RATE_LIMIT_DEFAULTS.writesPerMinute);
  });
});

describe("auth failures per client IP", () => {
  let warnings: { mock: { calls: unknown[][] } };
  beforeEach(() => {
    warnings = vi.spyOn(console, "warn").mockImplementation(() => {});
  });

  it("locks a client out after 10 failures in 60 s: 429 + Retry-After, even for a valid token", async () => {
    vi.spyOn(Date, "now").mockReturnValue(T0);
    const ip = freshIp();
    const { secret } = await mintToken();
    for (let i = 0; i < 10; i++) expect((await get("/api/v1/articles", ip, BAD_TOKEN)).status).toBe(401);
    await expect429(await get("/api/v1/articles", ip, BAD_TOKEN), 45);
    await expect429(await get("/api/v1/articles", ip, secret), 45);
    const before = await dumpDatabase();
    await expect429(await request("/api/v1/articles", jsonInitWithIp(ip, secret)), 45);
    expect(await dumpDatabase()).toBe(before);
    // Refused before verification: the locked-out attempts did not count as more failures.
    expect(await peekRateLimit(db(), `auth-fail:${ip}`, T0 - 15_000)).toBe(10);
    expect(warnings.mock.calls.map((call) => JSON.parse(String(call[0])))).toEqual([
      { event: "auth.lockout", client: ip, until: T0 + 45_000 },
    ]);
  });

  it("leaves anonymous reads, other clients and the next window alone", async () => {
    vi.spyOn(Date, "now").mockReturnValue(T0);
    const ip = freshIp();
    const { secret } = await mintToken();
    for (let i = 0; i < 10; i++) await get("/api/v1/articles", ip, BAD_TOKEN);
    expect((await get("/api/v1/articles", ip)).status).toBe(200);
    expect((await get("/api/v1/articles", freshIp(), secret)).status).toBe(200);
    vi.spyOn(Date, "now").mockReturnValue(T0 + 45_000);
    expect((await get("/api/v1/articles", ip, secret)).status).toBe(200);
  });

  it("does not count successful or malformed authentications", async () => {
    vi.spyOn(Date, "now").mockReturnValue(T0);
    const ip = freshIp();
    const { secret } = await mintToken();
    for (let i = 0; i < 9; i++) await get("/api/v1/articles", ip, BAD_TOKEN);
    for (let i = 0; i < 5; i++) expect((await get("/api/v1/articles", ip, secret)).status).toBe(200);
    const malformed = await request("/api/v1/articles", {
      headers: { "cf-connecting-ip": ip, authorization: "Basic Zm9vOmJhcg==" },
    });
    expect(malformed.status).toBe(400);
    expect((await get("/api/v1/articles", ip, secret)).status).toBe(200);
    expect(await peekRateLimit(db(), `auth-fail:${ip}`, T0 - 15_000)).toBe(9);
  });

  it("follows AUTH_FAILURE_LIMIT / AUTH_FAILURE_WINDOW_SECONDS, and 0 disables", async () => {
    vi.spyOn(Date, "now").mockReturnValue(T0);
    const vars = { AUTH_FAILURE_LIMIT: "2", AUTH_FAILURE_WINDOW_SECONDS: "3600" };
    const ip = freshIp();
    const init = { headers: { "cf-connecting-ip": ip, authorization: `Bearer ${BAD_TOKEN}` } };
    expect((await appRequest("/api/v1/articles", init, vars)).status).toBe(401);
    expect((await appRequest("/api/v1/articles", init, vars)).status).toBe(401);
    await expect429(await appRequest("/api/v1/articles", init, vars), 3600 - 15);
    const off = { AUTH_FAILURE_LIMIT: "0" };
    for (let i = 0; i < 3; i++) expect((await appRequest("/api/v1/articles", init, off)).status).toBe(401);
  });
});

function jsonInitWithIp(ip: string, token: string): RequestInit {
  const init = jsonInit("POST", token, draftArticle());
  return { ...init, headers: { ...(init.headers as Record<string, string>), "cf-connecting-ip": ip } };
}

describe("writes per token", () => {
  const vars = { WRITE_RATE_LIMIT_PER_MINUTE: "3" };

  it("allows WRITE_RATE_LIMIT_PER_MINUTE writes, then 429 until the minute ends", async () => {
    vi.spyOn(Date, "now").mockReturnValue(T0);
    const { secret } = await mintToken();
    for (let i = 0; i < 3; i++) {
      expect(
        (await appRequest("/api/v1/articles", jsonInit("POST", secret, draftArticle()), vars)).status,
      ).toBe(201);
    }
    const before = await dumpDatabase();
    await expect429(await appRequest("/api/v1/articles", jsonInit("POST", secret, draftArticle()), vars), 45);
    await expect429(await appRequest("/api/v1/articles/1", { method: "DELETE", ...auth(secret) }, vars), 45);
    expect(await dumpDatabase()).toBe(before);
    // Reads with the same token, and writes with another token, are not limited by it.
    expect((await appRequest("/api/v1/articles?status=draft", auth(secret), vars)).status).toBe(200);
    const other = await mintToken();
    const res = await appRequest("/api/v1/articles", jsonInit("POST", other.secret, draftArticle()), vars);
    expect(res.status).toBe(201);
    vi.spyOn(Date, "now").mockReturnValue(T0 + 45_000);
    const next = await appRequest("/api/v1/articles", jsonInit("POST", secret, draftArticle()), vars);
    expect(next.status).toBe(201);
  });

  it("counts refused writes too (the limit is on attempts)", async () => {
    vi.spyOn(Date, "now").mockReturnValue(T0);
    const { secret } = await mintToken();
    for (let i = 0; i < 3; i++) {
      const res = await appRequest("/api/v1/articles", jsonInit("POST", secret, { title: 42 }), vars);
      expect(res.status).toBe(422);
    }
    await expect429(await appRequest("/api/v1/articles", jsonInit("POST", secret, draftArticle()), vars), 45);
  });
});

describe("a counter outage fails open", () => {
  it("lets a valid write through and logs the outage", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const { secret } = await mintToken();
    const DB = dbFailingOn(/rate_limits/);
    const res = await appRequest("/api/v1/articles", jsonInit("POST", secret, draftArticle()), { DB });
    expect(res.status).toBe(201);
    const logged = errors.mock.calls.map((call) => JSON.parse(String(call[0])) as { event: string });
    expect(logged.some((line) => line.event === "rate_limit.unavailable")).toBe(true);
  });

  it("still answers a bad token with 401, not 500", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const DB = dbFailingOn(/rate_limits/);
    const res = await appRequest(
      "/api/v1/articles",
      { headers: { authorization: `Bearer ${BAD_TOKEN}` } },
      { DB },
    );
    expect(res.status).toBe(401);
  });
});

function auth(token: string): RequestInit {
  return { headers: { authorization: `Bearer ${token}` } };
}
