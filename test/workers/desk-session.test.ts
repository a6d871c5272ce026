import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { deskLoginLinkSql } from "../../scripts/lib/desk-link.mjs";
import { SESSION_IDLE_MS } from "../../src/auth/desk-session";
import { hashToken } from "../../src/auth/tokens";
import { siteFromEnv } from "../../src/lib/site";
import { sessionCookie } from "../../src/routes/desk/guard";
import { resetDatabase } from "./support/database";
import { getPage, postForm, resetDesk, SESSION_COOKIE, sessionIdFrom, signIn } from "./support/desk-kit";
import { mintToken, ORIGIN, request } from "./support/helpers";

beforeEach(async () => {
  await resetDesk();
  await resetDatabase();
});

const sessions = async () =>
  (await env.DB.prepare("select * from desk_sessions").all<Record<string, unknown>>()).results;

async function runSql(sql: string) {
  for (const statement of sql.split("\n")) await env.DB.prepare(statement).run();
}

describe("desk sign-in with a pasted token", () => {
  it("sets an HttpOnly, SameSite=Strict, Secure cookie scoped to /desk and redirects to the list", async () => {
    const { secret } = await mintToken();
    const res = await postForm("/desk/login", { token: secret });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/desk");
    const cookie = res.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(new RegExp(`^${SESSION_COOKIE}=[A-Za-z0-9_-]{43};`));
    expect(cookie).toContain("Path=/desk");
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Strict");
    expect(cookie).toContain("Secure");
    const list = await getPage("/desk", `${SESSION_COOKIE}=${sessionIdFrom(res)}`);
    expect(list.status).toBe(200);
  });

  it("leaves Secure and the prefix off on http://127.0.0.1 so npm start works", () => {
    const site = { ...siteFromEnv(env), url: "http://127.0.0.1:8787" };
    const cookie = sessionCookie(site, "abc", 60);
    expect(cookie).toMatch(/^desk_session=abc; Path=\/desk; HttpOnly; SameSite=Strict; Max-Age=60$/);
  });

  it("stores only the SHA-256 of the session id, bound to the token", async () => {
    const user = await signIn();
    const rows = await sessions();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.id_hash).toBe(await hashToken(user.sessionId));
    expect(rows[0]?.token_id).toBe(user.tokenId);
    expect(JSON.stringify(rows)).not.toContain(user.sessionId);
  });

  it("refuses a wrong token with the sign-in page, and counts it against the lockout", async () => {
    for (let i = 0; i < 10; i++) {
      const res = await postForm("/desk/login", { token: `enf_${"x".repeat(43)}` });
      expect(res.status).toBe(401);
    }
    const { secret } = await mintToken();
    const locked = await postForm("/desk/login", { token: secret });
    expect(locked.status).toBe(429);
    expect(locked.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await sessions()).toHaveLength(0);
  });

  it("sends a visitor without a session to sign in", async () => {
    const res = await getPage("/desk");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/desk/login");
    expect((await getPage("/desk", `${SESSION_COOKIE}=${"a".repeat(43)}`)).status).toBe(303);
  });
});

describe("session lifetime", () => {
  it("ends after the idle timeout", async () => {
    const user = await signIn();
    await env.DB.prepare("update desk_sessions set last_seen_at = ?")
      .bind(Date.now() - SESSION_IDLE_MS - 1)
      .run();
    expect((await getPage("/desk", user.cookie)).status).toBe(303);
    expect(await sessions()).toHaveLength(0);
  });

  it("ends at the absolute expiry even when in use", async () => {
    const user = await signIn();
    await env.DB.prepare("update desk_sessions set expires_at = ?")
      .bind(Date.now() - 1)
      .run();
    expect((await getPage("/desk", user.cookie)).status).toBe(303);
  });

  it("ends when its token is revoked", async () => {
    const user = await signIn();
    expect((await getPage("/desk", user.cookie)).status).toBe(200);
    await revoke(user.tokenId);
    expect((await getPage("/desk", user.cookie)).status).toBe(303);
    const write = await postForm(
      "/desk/articles",
      { _csrf: user.csrf, title: "x", status: "draft" },
      { cookie: user.cookie },
    );
    expect(write.status).toBe(403);
  });

  it("sign-out deletes the session and clears the cookie", async () => {
    const user = await signIn();
    const res = await postForm("/desk/logout", { _csrf: user.csrf }, { cookie: user.cookie });
    expect(res.status).toBe(303);
    expect(res.headers.get("set-cookie")).toMatch(new RegExp(`^${SESSION_COOKIE}=; .*Max-Age=0`));
    expect(await sessions()).toHaveLength(0);
    expect((await getPage("/desk", user.cookie)).status).toBe(303);
  });
});

describe("admin session list", () => {
  it("shows every session with its token name and ends one", async () => {
    const admin = await signIn(["admin"]);
    const other = await signIn(["drafts:read"]);
    const page = await (await getPage("/desk/sessions", admin.cookie)).text();
    expect(page).toContain("test-admin");
    expect(page).toContain("test-drafts:read");
    const otherHash = await hashToken(other.sessionId);
    const res = await postForm(
      "/desk/sessions/end",
      { _csrf: admin.csrf, session: otherHash },
      { cookie: admin.cookie },
    );
    expect(res.status).toBe(303);
    expect((await getPage("/desk", other.cookie)).status).toBe(303);
    expect((await getPage("/desk", admin.cookie)).status).toBe(200);
  });

  it("is refused to a non-admin session", async () => {
    const user = await signIn();
    expect((await getPage("/desk/sessions", user.cookie)).status).toBe(403);
    const admin = await signIn(["admin"]);
    const res = await postForm(
      "/desk/sessions/end",
      { _csrf: user.csrf, session: await hashToken(admin.sessionId) },
      { cookie: user.cookie },
    );
    expect(res.status).toBe(403);
    expect((await getPage("/desk", admin.cookie)).status).toBe(200);
  });
});

describe("one-time sign-in link", () => {
  it("signs in once, then is spent", async () => {
    const { id } = await mintToken();
    const { sql, url } = await deskLoginLinkSql(id, ORIGIN);
    await runSql(sql);
    expect(
      JSON.stringify((await env.DB.prepare("select * from desk_login_codes").all()).results),
    ).not.toContain(url.split("/").at(-1));
    const first = await request(new URL(url).pathname, { redirect: "manual" });
    expect(first.status).toBe(303);
    expect((await getPage("/desk", `${SESSION_COOKIE}=${sessionIdFrom(first)}`)).status).toBe(200);
    const again = await request(new URL(url).pathname, { redirect: "manual" });
    expect(again.status).toBe(404);
    expect(again.headers.get("set-cookie") ?? "").not.toContain(SESSION_COOKIE);
  });

  it("expires after ten minutes", async () => {
    const { id } = await mintToken();
    const { sql, url } = await deskLoginLinkSql(id, ORIGIN, Date.now() - 10 * 60_000 - 1);
    await runSql(sql);
    expect((await request(new URL(url).pathname, { redirect: "manual" })).status).toBe(404);
  });

  it("does not sign in for a token revoked after the link was made", async () => {
    const { id } = await mintToken();
    const { sql, url } = await deskLoginLinkSql(id, ORIGIN);
    await runSql(sql);
    await revoke(id);
    const res = await request(new URL(url).pathname, { redirect: "manual" });
    expect(res.status).toBe(404);
    expect(await sessions()).toHaveLength(0);
  });
});

describe("interface language", () => {
  it("follows the site language, switches with ?lang= and remembers the choice", async () => {
    const site = await (await getPage("/desk/login")).text();
    expect(site).toContain('<html lang="zh-CN">');
    expect(site).toContain("编辑台");
    const switched = await getPage("/desk/login?lang=en");
    expect(await switched.text()).toContain("Editor desk");
    expect(switched.headers.get("set-cookie")).toMatch(/desk_lang=en;.*Path=\/desk/);
    const remembered = await request("/desk/login", { headers: { cookie: "desk_lang=en" } });
    expect(await remembered.text()).toContain('<html lang="en">');
  });
});

/** What `npm run token -- revoke` does to the row. */
async function revoke(tokenId: string): Promise<void> {
  await env.DB.prepare("update api_tokens set revoked_at = ? where id = ?").bind(Date.now(), tokenId).run();
}
