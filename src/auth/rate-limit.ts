import type { Context } from "hono";
import { hitRateLimit, peekRateLimit, type RateWindow, windowAt } from "../db/rate-limits";
import type { AppEnv, Bindings } from "../env";
import { problem } from "../lib/problem";

export interface RateLimitConfig {
  /** Failed bearer attempts per client IP per window before it is locked out; 0 disables. */
  authFailures: number;
  authWindowMs: number;
  /** Authenticated writes per token per minute; 0 disables. */
  writesPerMinute: number;
}

export const RATE_LIMIT_DEFAULTS = { authFailures: 10, authWindowSeconds: 60, writesPerMinute: 120 };

const WRITE_WINDOW_MS = 60_000;
const READ_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const configs = new WeakMap<object, RateLimitConfig>();

export function rateLimitConfig(env: Bindings): RateLimitConfig {
  const cached = configs.get(env);
  if (cached) return cached;
  const config = {
    authFailures: count(env.AUTH_FAILURE_LIMIT, RATE_LIMIT_DEFAULTS.authFailures),
    authWindowMs:
      Math.max(1, count(env.AUTH_FAILURE_WINDOW_SECONDS, RATE_LIMIT_DEFAULTS.authWindowSeconds)) * 1000,
    writesPerMinute: count(env.WRITE_RATE_LIMIT_PER_MINUTE, RATE_LIMIT_DEFAULTS.writesPerMinute),
  };
  configs.set(env, config);
  return config;
}

function count(value: string | undefined, fallback: number): number {
  if (value === undefined || value.trim() === "") return fallback;
  const n = Number(value);
  return Number.isSafeInteger(n) && n >= 0 ? n : fallback;
}

/** Cloudflare sets CF-Connecting-IP at the edge; clients cannot choose it there. */
export function clientIp(c: Context<AppEnv>): string {
  const ip = c.req.header("cf-connecting-ip")?.trim();
  return ip ? ip.slice(0, 64) : "unknown";
}

const authBucket = (c: Context<AppEnv>) => `auth-fail:${clientIp(c)}`;

/** Refuses, before any token is checked, a client that failed authentication too often. */
export async function assertAuthAllowed(c: Context<AppEnv>): Promise<void> {
  const { authFailures, authWindowMs } = rateLimitConfig(c.env);
  if (authFailures === 0) return;
  const window = windowAt(c.var.now, authWindowMs);
  const failures = await failOpen(c, "auth", () => peekRateLimit(c.var.db, authBucket(c), window.start));
  if (failures !== null && failures >= authFailures) {
    throw rateLimited(window, "Too many failed authentication attempts from this client.");
  }
}

export async function recordAuthFailure(c: Context<AppEnv>): Promise<void> {
  const { authFailures, authWindowMs } = rateLimitConfig(c.env);
  if (authFailures === 0) return;
  const window = windowAt(c.var.now, authWindowMs);
  const failures = await failOpen(c, "auth", () => hitRateLimit(c.var.db, authBucket(c), window.start));
  if (failures === authFailures) {
    console.warn(
      JSON.stringify({ event: "auth.lockout", client: clientIp(c), until: window.start + authWindowMs }),
    );
  }
}

/** Counts an authenticated write against its token; reads are never limited here. */
export async function assertWriteAllowed(c: Context<AppEnv>): Promise<void> {
  if (READ_METHODS.has(c.req.method)) return;
  await chargeWrites(c, 1);
}

/**
 * Counts `writes` further writes against the token, e.g. each object one request stores besides
 * its article; refuses (429) once the token's budget for the minute is spent.
 */
export async function chargeWrites(c: Context<AppEnv>, writes: number): Promise<void> {
  const token = c.var.token;
  const { writesPerMinute } = rateLimitConfig(c.env);
  if (!token || writesPerMinute === 0 || writes <= 0) return;
  const window = windowAt(c.var.now, WRITE_WINDOW_MS);
  const total = await failOpen(c, "write", () =>
    hitRateLimit(c.var.db, `write:${token.id}`, window.start, writes),
  );
  if (total !== null && total > writesPerMinute) {
    throw rateLimited(window, `This token may make at most ${writesPerMinute} writes per minute.`);
  }
}

/** A counter outage must not lock editors out: log it and let the request through. */
async function failOpen<T>(c: Context<AppEnv>, limit: string, run: () => Promise<T>): Promise<T | null> {
  try {
    return await run();
  } catch (err) {
    console.error(
      JSON.stringify({ event: "rate_limit.unavailable", limit, path: c.req.path, error: String(err) }),
    );
    return null;
  }
}

function rateLimited(window: RateWindow, detail: string) {
  return problem({
    status: 429,
    type: "rate-limited",
    title: "Too many requests",
    detail: `${detail} Retry after ${window.retryAfterSeconds} s.`,
    headers: { "retry-after": String(window.retryAfterSeconds) },
  });
}
