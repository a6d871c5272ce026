import { Hono } from "hono";
import type { AuthenticatedToken } from "./auth/tokens";
import type { Db } from "./db/client";
import type { SiteConfig } from "./lib/site";

export interface Bindings {
  DB: D1Database;
  /** Uploaded images (R2), served under /media/<key>. */
  MEDIA: R2Bucket;
  // Variables (wrangler.toml [vars])
  SITE_TITLE?: string;
  SITE_DESCRIPTION?: string;
  SITE_URL?: string;
  SITE_LANGUAGE?: string;
  SITE_UTC_OFFSET?: string;
  FEED_PAGE_SIZE?: string;
  WEBSUB_HUB_URL?: string;
  // Abuse limits (README: "Operations: abuse limits and backups"); "0" disables a limit.
  AUTH_FAILURE_LIMIT?: string;
  AUTH_FAILURE_WINDOW_SECONDS?: string;
  WRITE_RATE_LIMIT_PER_MINUTE?: string;
  /** Feed validator memo per isolate, ms (at most 1000; "0" = off). */
  FEED_VALIDATOR_TTL_MS?: string;
  /** Rendered feed documents kept per isolate, bytes ("0" = off). */
  FEED_DOCUMENT_CACHE_BYTES?: string;
  /** HMAC key of signed preview links (a Worker secret; npm start writes a local one to .dev.vars). */
  PREVIEW_SECRET?: string;
}

export interface AppEnv {
  Bindings: Bindings;
  Variables: {
    db: Db;
    site: SiteConfig;
    /** The request's clock, read once so one request sees one "now". */
    now: number;
    token: AuthenticatedToken | null;
  };
}

export function createRouter() {
  return new Hono<AppEnv>();
}
