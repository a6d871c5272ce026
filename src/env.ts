import { Hono } from "hono";
import type { AuthenticatedToken } from "./auth/tokens";
import type { Db } from "./db/client";
import type { SiteConfig } from "./lib/site";

export interface Bindings {
  DB: D1Database;
  // Variables (wrangler.toml [vars])
  SITE_TITLE?: string;
  SITE_DESCRIPTION?: string;
  SITE_URL?: string;
  SITE_LANGUAGE?: string;
  SITE_UTC_OFFSET?: string;
  FEED_PAGE_SIZE?: string;
  WEBSUB_HUB_URL?: string;
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
