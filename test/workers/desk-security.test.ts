import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { hashToken } from "../../src/auth/tokens";
import { dumpDatabase } from "./support/database";
import { type DeskUser, getPage, postForm, signIn } from "./support/desk-kit";
import { createArticle, ORIGIN, request } from "./support/helpers";

let user: DeskUser;
let articleId: number;
let version: number;

beforeAll(async () => {
  user = await signIn(["admin"]);
  const article = await createArticle(user.secret, { title: "Existing draft" });
  articleId = article.id;
  version = article.version;
});

/** Every state-changing desk route, with the fields that would make it succeed. */
function stateChangingRoutes(): { path: string; fields: Record<string, string> }[] {
  return [
    { path: "/desk/logout", fields: {} },
    { path: "/desk/sessions/end", fields: { session: "0".repeat(64) } },
    { path: "/desk/articles", fields: { title: "Forged", status: "draft" } },
    {
      path: `/desk/articles/${articleId}`,
      fields: { title: "Forged", status: "draft", version: String(version) },
    },
    // history: conflict resolution and restoring a revision
    {
      path: `/desk/articles/${articleId}/resolve`,
      fields: { title: "Forged", status: "draft", version: String(version) },
    },
    { path: `/desk/articles/${articleId}/revisions/1/restore`, fields: { version: String(version) } },
    // publish: lifecycle buttons, preview links, upload, unsaved preview
    { path: `/desk/articles/${articleId}/lifecycle`, fields: { action: "delete", version: String(version) } },
    { path: `/desk/articles/${articleId}/preview-link`, fields: { days: "7", version: String(version) } },
    { path: "/desk/articles/new/media", fields: { title: "Forged" } },
    { path: `/desk/articles/${articleId}/preview`, fields: { title: "Forged", version: String(version) } },
  ];
}

const deskState = async () =>
  `${await dumpDatabase()}\n${JSON.stringify((await env.DB.prepare("select * from desk_sessions order by id_hash").all()).results)}`;

describe("state-changing desk routes refuse requests that are not the editor's own", () => {
  it("403 without the session cookie", async () => {
    const before = await deskState();
    for (const route of stateChangingRoutes()) {
      const res = await postForm(route.path, { ...route.fields, _csrf: user.csrf });
      expect(res.status, route.path).toBe(403);
      expect(res.headers.get("content-type"), route.path).toMatch(/^application\/problem\+json/);
    }
    expect(await deskState()).toBe(before);
  });

  it("403 without, or with a wrong, form token", async () => {
    const before = await deskState();
    for (const route of stateChangingRoutes()) {
      expect((await postForm(route.path, route.fields, { cookie: user.cookie })).status, route.path).toBe(
        403,
      );
      const wrong = { ...route.fields, _csrf: "f".repeat(64) };
      expect((await postForm(route.path, wrong, { cookie: user.cookie })).status, route.path).toBe(403);
    }
    expect(await deskState()).toBe(before);
  });

  it("403 for a form posted from a foreign origin, even with cookie and form token", async () => {
    const before = await deskState();
    for (const route of stateChangingRoutes()) {
      const fields = { ...route.fields, _csrf: user.csrf };
      const foreign = await postForm(route.path, fields, {
        cookie: user.cookie,
        origin: "https://evil.example",
      });
      expect(foreign.status, route.path).toBe(403);
      const noOrigin = await postForm(route.path, fields, { cookie: user.cookie, origin: null });
      expect(noOrigin.status, route.path).toBe(403);
      const crossSite = await postForm(route.path, fields, {
        cookie: user.cookie,
        origin: null,
        headers: { "sec-fetch-site": "cross-site" },
      });
      expect(crossSite.status, route.path).toBe(403);
    }
    const login = await postForm("/desk/login", { token: user.secret }, { origin: "https://evil.example" });
    expect(login.status).toBe(403);
    expect(await deskState()).toBe(before);
  });

  it("accepts a same-origin request without Origin when Sec-Fetch-Site says same-origin", async () => {
    const res = await postForm(
      "/desk/articles",
      { _csrf: user.csrf, title: "Same origin", status: "draft" },
      { cookie: user.cookie, origin: null, headers: { "sec-fetch-site": "same-origin" } },
    );
    expect(res.status).toBe(303);
  });

  it("answers a body that is not a form with 415, never a 500", async () => {
    for (const route of [...stateChangingRoutes(), { path: "/desk/login", fields: {} }]) {
      const res = await request(route.path, {
        method: "POST",
        headers: { origin: ORIGIN, cookie: user.cookie, "content-type": "application/json" },
        body: JSON.stringify({ _csrf: user.csrf }),
      });
      expect(res.status, route.path).toBe(415);
      expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    }
  });

  it("a form token belongs to its session only", async () => {
    const other = await signIn(["admin"]);
    expect(other.csrf).not.toBe(user.csrf);
    const res = await postForm("/desk/articles", { _csrf: other.csrf, title: "x" }, { cookie: user.cookie });
    expect(res.status).toBe(403);
    expect(await hashToken(user.sessionId)).not.toBe(user.csrf);
  });
});

describe("desk response headers", () => {
  const pages = () => [
    "/desk",
    "/desk/login",
    "/desk/articles/new",
    `/desk/articles/${articleId}/edit`,
    "/desk/sessions",
    `/desk/articles/${articleId}/revisions?from=1&to=1`,
  ];

  it("every desk page has a strict CSP without inline script or third-party origins", async () => {
    for (const path of pages()) {
      const res = await getPage(path, path === "/desk/login" ? undefined : user.cookie);
      expect(res.status, path).toBe(200);
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp, path).toContain("default-src 'none'");
      expect(csp, path).toContain("form-action 'self'");
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).not.toMatch(/unsafe-inline|unsafe-eval|script-src/);
      // No script element on the page that the policy would have to allow.
      expect(await res.text(), path).not.toMatch(/<script\b|\son[a-z]+=/i);
    }
  });

  it("every desk answer is private, uncacheable and not indexed, errors included", async () => {
    const answers = [
      ...(await Promise.all(pages().map((p) => getPage(p, user.cookie)))),
      await getPage("/desk/login"),
      await getPage("/desk"),
      await getPage("/desk/articles/999999/edit", user.cookie),
      await postForm("/desk/articles", { title: "x" }),
    ];
    for (const res of answers) {
      expect(res.headers.get("cache-control"), res.url).toBe("private, no-store");
      expect(res.headers.get("x-robots-tag"), res.url).toContain("noindex");
    }
    const html = await (await getPage("/desk/login")).text();
    expect(html).toContain('<meta name="robots" content="noindex, nofollow"');
  });

  it("public pages keep their own policy (their only form, the search box, posts to the site)", async () => {
    const res = await getPage("/");
    expect(res.headers.get("content-security-policy")).toContain("form-action 'self'");
    expect(new URL(ORIGIN).protocol).toBe("https:");
  });
});
