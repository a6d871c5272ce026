import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type ConsoleMessage,
  chromium,
  type Page,
} from "playwright-core";

// Headless Chromium for the browser tests (public pages, feeds, desk, preview, conflict): one binary,
// one set of flags, contexts that never leave the machine, and the CSP refusals Chromium reports.

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** Public pages and feeds. */
export const SCREENSHOTS = path.resolve("test-results/screenshots");
/** The desk (editor, preview, conflict). */
export const DESK_SHOTS = path.resolve("test-results/desk");

const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
];

/** Fails loudly when the binary is missing, and makes the screenshot directory. */
async function prepare(shots: string): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}. Install Debian's package (apt-get install -y chromium), ` +
        "point CHROMIUM_PATH at a binary, or set SKIP_BROWSER=1 to skip the browser tests.",
    );
  }
  await mkdir(shots, { recursive: true });
}

/** A browser whose contexts a test makes itself (e.g. two editors side by side). */
export async function launchBrowser(shots: string): Promise<Browser> {
  await prepare(shots);
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
}

/** Aborts every request that does not go to `origin` (the local worker): nothing leaves the machine. */
export async function localOnly(context: BrowserContext, origin: string): Promise<void> {
  const local = new URL(origin).origin;
  await context.route(
    (url) => url.origin !== local,
    (route) => route.abort(),
  );
}

/**
 * A persistent context on a fresh profile (desktop viewport unless `options` says otherwise) that only
 * reaches `origin`. `close` shuts it and removes the profile.
 */
export async function launchProfile(
  name: string,
  shots: string,
  origin: string,
  options: BrowserContextOptions = {},
): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  await prepare(shots);
  const profile = await mkdtemp(path.join(tmpdir(), `enf-${name}-`));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport: { width: 1280, height: 900 },
      ...options,
    });
    await localOnly(context, origin);
    return {
      context,
      close: async () => {
        await context.close();
        await rm(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Pushes every CSP refusal Chromium reports on the console of `target` (a page, or every page of a
 * context) onto `into`, prefixed with `label` when given (desk-a11y.test.ts shows it catches one).
 */
export function watchCsp(target: BrowserContext | Page, into: string[], label?: string): void {
  const listener = (message: ConsoleMessage) => {
    const text = message.text();
    if (/Content Security Policy/i.test(text)) into.push(label ? `${label}: ${text}` : text);
  };
  if ("pages" in target) target.on("console", listener);
  else target.on("console", listener);
}
