import type { FeedContent } from "./feed-content";
import { parseOffset } from "./time";

export interface SiteConfig {
  title: string;
  description: string;
  /** Absolute base URL without a trailing slash, e.g. https://news.example.com */
  url: string;
  language: string;
  defaultOffsetMinutes: number;
  feedPageSize: number;
  websubHubUrl: string | null;
  /** What feeds and the public API carry unless a request asks otherwise (FEED_CONTENT). */
  feedContent: FeedContent;
}

export const MAX_FEED_PAGE_SIZE = 100;
const DEFAULT_FEED_PAGE_SIZE = 20;

const cache = new WeakMap<object, SiteConfig>();

/** The [vars] the site is configured from; the Worker's Env has them, and so could process.env. */
export type SiteVars = Partial<
  Record<
    | "SITE_TITLE"
    | "SITE_DESCRIPTION"
    | "SITE_URL"
    | "SITE_LANGUAGE"
    | "SITE_UTC_OFFSET"
    | "FEED_PAGE_SIZE"
    | "WEBSUB_HUB_URL"
    | "FEED_CONTENT",
    string
  >
>;

export function siteFromEnv(env: SiteVars): SiteConfig {
  const cached = cache.get(env);
  if (cached) return cached;
  const pageSize = Number.parseInt(env.FEED_PAGE_SIZE ?? "", 10);
  const site: SiteConfig = {
    title: env.SITE_TITLE || "News",
    description: env.SITE_DESCRIPTION || "",
    url: (env.SITE_URL || "http://127.0.0.1:8787").replace(/\/+$/, ""),
    language: env.SITE_LANGUAGE || "en",
    defaultOffsetMinutes: parseOffset(env.SITE_UTC_OFFSET || "Z") ?? 0,
    feedPageSize:
      Number.isFinite(pageSize) && pageSize > 0
        ? Math.min(pageSize, MAX_FEED_PAGE_SIZE)
        : DEFAULT_FEED_PAGE_SIZE,
    websubHubUrl: env.WEBSUB_HUB_URL ? env.WEBSUB_HUB_URL : null,
    feedContent: env.FEED_CONTENT === "excerpt" ? "excerpt" : "full",
  };
  cache.set(env, site);
  return site;
}

// A path the URL parser copies as it is after the origin: one leading slash, no dot segment ("." or
// "%2e"), query, fragment, or character it would escape. Parsing costs a page about 5 % of its CPU.
const VERBATIM_PATH = /^\/(?!\/)[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*$/;
const DOT_SEGMENT = /\/(?:\.|%2e)/i;
let lastBase = "";
let lastOrigin = "";

export function absoluteUrl(site: SiteConfig, path: string): string {
  const base = `${site.url}/`;
  if (!VERBATIM_PATH.test(path) || DOT_SEGMENT.test(path)) return new URL(path, base).toString();
  if (base !== lastBase) {
    lastOrigin = new URL("/", base).toString().slice(0, -1);
    lastBase = base;
  }
  return lastOrigin + path;
}
