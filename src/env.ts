import { Hono } from "hono";
import type { Db } from "./db/client";
import type { AuthenticatedToken } from "./domain/token-scope";
import type { SiteConfig } from "./lib/site";

declare global {
  namespace Cloudflare {
    // Optional tuning knobs, deliberately absent from wrangler.toml (unset = the documented default),
    // so `wrangler types` cannot see them. Everything else comes from worker-configuration.d.ts.
    interface Env {
      /** Feed validator memo per isolate, ms (at most 1000; "0" = off). */
      FEED_VALIDATOR_TTL_MS?: string;
      /** Rendered feed documents kept per isolate, bytes ("0" = off). */
      FEED_DOCUMENT_CACHE_BYTES?: string;
      /** Encoded feed entries kept per isolate, bytes ("0" = off): feeds/feed-bytes.ts. */
      FEED_ENTRY_CACHE_BYTES?: string;
      /** Listing card heads kept per isolate, bytes ("0" = off): db/listing-heads.ts. */
      LISTING_HEAD_CACHE_BYTES?: string;
      /** "1" = add x-d1-rows-read (D1 rows read by the request) to every response; `npm run bench` only. */
      BENCH_REPORT_D1_ROWS?: string;
      /** HMAC key of signed preview links (a Worker secret; npm start passes a local one as a --var). */
      PREVIEW_SECRET?: string;
    }
  }
}

/** The Worker's bindings and [vars], generated from wrangler.toml by `npm run types`. */
export type Bindings = Env;

export interface AppEnv {
  Bindings: Bindings;
  Variables: {
    /** The D1 binding this request's session is opened on (the bench's row counter wraps it). */
    d1: D1Database;
    db: Db;
    site: SiteConfig;
    /** The request's clock, read once so one request sees one "now". */
    now: number;
    token: AuthenticatedToken | null;
    /** The request carries a D1 bookmark: reuse no memoized validator (read-your-writes). */
    bypassValidatorMemo: boolean;
  };
}

export function createRouter() {
  return new Hono<AppEnv>();
}
