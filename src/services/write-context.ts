import { InsufficientScopeError } from "../auth/insufficient-scope";
import type { Db } from "../db/client";
import type { SiteConfig } from "../lib/site";

/**
 * Who a write is made by. Routes check the scope a request needs (articles:write) before calling
 * a service; the service keeps only the publish-vs-draft rule, which needs the content.
 */
export interface WriteActor {
  /** Recorded in revisions and idempotency keys: a token id, or e.g. "system:scheduler". */
  id: string;
  /** May make content public or touch public content (articles:publish, or admin). */
  mayPublish: boolean;
}

/**
 * The one input of the write path (REST API, Micropub, cron, the desk): what a service needs
 * from its caller, and nothing of HTTP. Build it from a Hono request with `writeContextFrom(c)`
 * (routes/request-write-context.ts); the cron builds its own.
 */
export interface WriteContext {
  db: Db;
  site: SiteConfig;
  /** The clock of the whole request or run: one write sees one "now". */
  now: number;
  actor: WriteActor;
  /** Background work (hub pings) that must outlive the answer but never delay or fail it. */
  waitUntil: (work: Promise<unknown>) => void;
  /** Purges Workers Caching entries by tag; absent when no cache runs in front of the Worker. */
  purgeCache?: (tags: string[]) => Promise<unknown>;
}

/** The publish-vs-draft rule's refusal: the same 403 as a route's missing scope. */
export function assertMayPublish(actor: WriteActor): void {
  if (!actor.mayPublish) throw new InsufficientScopeError("articles:publish");
}
