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

export function absoluteUrl(site: SiteConfig, path: string): string {
  return new URL(path, `${site.url}/`).toString();
}
