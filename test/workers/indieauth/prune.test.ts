import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import worker from "../../../src/index";
import { resetDatabase } from "../support/database";
import { signIn } from "../support/desk-kit";
import { approveForCode, authParams, exchange, pkce, redeemFields } from "./kit";

beforeEach(resetDatabase);

async function runCron() {
  const ctx = createExecutionContext();
  await worker.scheduled(
    createScheduledController({ scheduledTime: Date.now(), cron: "* * * * *" }),
    env,
    ctx,
  );
  await waitOnExecutionContext(ctx);
}

const count = async (table: string) =>
  (await env.DB.prepare(`select count(*) as n from ${table}`).first<{ n: number }>())?.n ?? 0;

describe("cron housekeeping for IndieAuth", () => {
  it("prunes codes a day past their expiry and expired refresh tokens, keeping live ones", async () => {
    const user = await signIn();
    const { verifier, challenge } = await pkce();
    const used = await approveForCode(user, authParams(challenge));
    await exchange(redeemFields(used, verifier));
    await approveForCode(user, authParams(challenge));
    expect(await count("indieauth_codes")).toBe(2);
    await runCron();
    expect(await count("indieauth_codes")).toBe(2);
    expect(await count("indieauth_refresh_tokens")).toBe(1);
    await env.DB.prepare("update indieauth_codes set expires_at = ?")
      .bind(Date.now() - 86_400_001)
      .run();
    await env.DB.prepare("update indieauth_refresh_tokens set expires_at = ?")
      .bind(Date.now() - 1)
      .run();
    await runCron();
    expect(await count("indieauth_codes")).toBe(0);
    expect(await count("indieauth_refresh_tokens")).toBe(0);
  });
});
