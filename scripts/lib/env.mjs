// Keeps wrangler offline and quiet: no telemetry, no update check, no Request.cf download.
export const OFFLINE_ENV = {
  WRANGLER_SEND_METRICS: "false",
  WRANGLER_HIDE_BANNER: "true",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  WRANGLER_SEND_ERROR_REPORTS: "false",
};
Object.assign(process.env, OFFLINE_ENV);
