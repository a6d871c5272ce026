import { existsSync } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { deskLoginLinkSql } from "../../scripts/lib/desk-link.mjs";
import { insertTokenSql, newToken } from "../../scripts/lib/tokens";
import type { LocalWorker } from "./harness";

// Browser plumbing shared by the desk's Node-side tests (accessibility, keyboard, journey).

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const SHOTS = path.resolve("test-results/desk");
export const SKIP_BROWSER = process.env.SKIP_BROWSER === "1";

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install -y chromium)`);
  await mkdir(SHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
}

/**
 * A context that keeps the desk's CSP enforced (no bypassCSP) and records every violation Chromium
 * reports, so a test can assert there were none.
 */
export async function deskContext(
  browser: Browser,
  options: { width?: number; height?: number; locale?: string } = {},
): Promise<{ context: BrowserContext; cspViolations: string[] }> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
    locale: options.locale ?? "zh-CN",
  });
  const cspViolations: string[] = [];
  context.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  return { context, cspViolations };
}

/** Mints a token straight into the test D1 (as `npm run token` would) and returns its secret and id. */
export async function mintToken(worker: LocalWorker, scopes: readonly string[], name = "desk-test") {
  const { secret, row } = await newToken({ name, scopes });
  await worker.d1.prepare(insertTokenSql(row)).run();
  return { secret, id: row.id };
}

export async function tokenIdOf(worker: LocalWorker, name = "local-editor"): Promise<string> {
  const row = await worker.d1
    .prepare("select id from api_tokens where name = ?")
    .bind(name)
    .first<{ id: string }>();
  if (!row) throw new Error(`no token named ${name}`);
  return row.id;
}

/** The one-click link `npm start` prints, minted with the same SQL. */
export async function oneTimeLink(worker: LocalWorker, tokenId: string): Promise<string> {
  const { sql, url } = await deskLoginLinkSql(tokenId, worker.url);
  for (const statement of (sql as string).split("\n")) await worker.d1.prepare(statement).run();
  return url as string;
}

/** The one-time sign-in link for the token the sample worker was started with. */
export async function sampleTokenLink(worker: LocalWorker): Promise<string> {
  const token = await worker.d1.prepare("select id from api_tokens").first<{ id: string }>();
  if (!token) throw new Error("the sample worker has no token");
  return oneTimeLink(worker, token.id);
}

export async function signInWithToken(page: Page, worker: LocalWorker, secret: string) {
  await page.goto(`${worker.url}/desk/login`);
  await page.fill('[name="token"]', secret);
  await Promise.all([page.waitForURL(`${worker.url}/desk`), page.press('[name="token"]', "Enter")]);
}

let axeSource: string | undefined;

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * Runs axe-core in the page. page.evaluate goes through DevTools, which the page's CSP does not
 * govern, so the desk's `default-src 'none'` stays on while axe looks at it.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  axeSource ??= await readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    type AxeResult = {
      violations: {
        id: string;
        impact: string | null;
        help: string;
        nodes: { target: string[]; failureSummary?: string }[];
      }[];
    };
    const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<AxeResult> } }).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(" ")} — ${n.failureSummary ?? ""}`),
    }));
  });
}

/** What the focused element looks like: enough to say whether focus is visible. */
export async function focusStyle(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    return {
      tag: el.tagName.toLowerCase(),
      name: el.getAttribute("name") ?? el.textContent?.trim().slice(0, 40) ?? "",
      outlineStyle: style.outlineStyle,
      outlineWidth: Number.parseFloat(style.outlineWidth),
    };
  });
}

/**
 * Runs the worker's Cron Trigger once, as Cloudflare would at `scheduledTime` (the handler takes the
 * later of that and the clock as "now"). The harness does not turn on Miniflare's
 * /cdn-cgi/handler/scheduled route, so this goes through Miniflare's own handle on the worker.
 */
export async function runCron(worker: LocalWorker, scheduledTime = Date.now()): Promise<string> {
  const mf = (worker as LocalWorker & { mf?: { getWorker(): Promise<unknown> } }).mf;
  if (!mf) throw new Error("this LocalWorker has no Miniflare handle to run the cron with");
  const fetcher = (await mf.getWorker()) as {
    scheduled(options: { scheduledTime?: Date; cron?: string }): Promise<{ outcome: string }>;
  };
  const { outcome } = await fetcher.scheduled({ scheduledTime: new Date(scheduledTime), cron: "* * * * *" });
  return outcome;
}
