import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as client from "../../../src/db/client";
import { isBookmark } from "../../../src/db/d1-session";
import { DESK_BOOKMARK_COOKIE } from "../../../src/routes/d1-bookmark";
import { scheduled } from "../../../src/scheduled";
import { chineseArticle } from "../../fixtures/articles";
import { dumpDatabase } from "../support/database";
import { signIn } from "../support/desk-kit";
import { appRequest } from "../support/fault-env";
import { createArticle, jsonRequest, mintToken, request } from "../support/helpers";

/** The real DB binding, recording how each session was started. */
function recordingDb() {
  const starts: string[] = [];
  const db = new Proxy(env.DB, {
    get(target, prop) {
      if (prop === "withSession")
        return (start: string) => {
          starts.push(start);
          return target.withSession(start);
        };
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { db, starts };
}

afterEach(() => vi.restoreAllMocks());

describe("the local runtime's Sessions API", () => {
  it("withSession returns a bookmark after a write and accepts it back", async () => {
    const primary = env.DB.withSession("first-primary");
    expect(primary.getBookmark()).toBeNull();
    await primary.prepare("update articles set title = title where 0").run();
    const bookmark = primary.getBookmark();
    expect(bookmark).not.toBeNull();
    expect(isBookmark(bookmark ?? "")).toBe(true);
    const resumed = env.DB.withSession(bookmark ?? "");
    expect(await resumed.prepare("select 1 as one").first("one")).toBe(1);
    // Bookmarks sort oldest to newest; the resumed session is at least as new as the write.
    expect((resumed.getBookmark() ?? "") >= (bookmark ?? "")).toBe(true);
  });
});

describe("sessions per request", () => {
  it("public reads may use any replica, writes start at the primary, a bookmark resumes", async () => {
    const { secret } = await mintToken();
    const { db, starts } = recordingDb();
    await appRequest("/feed.xml", {}, { DB: db });
    const write = await appRequest(
      "/api/v1/articles",
      {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${secret}` },
        body: JSON.stringify(chineseArticle({ slug: "session-start" })),
      },
      { DB: db },
    );
    expect(write.status).toBe(201);
    const bookmark = write.headers.get("x-d1-bookmark") ?? "";
    await appRequest("/feed.xml", { headers: { "x-d1-bookmark": bookmark } }, { DB: db });
    expect(starts).toEqual(["first-unconstrained", "first-primary", bookmark]);
  });

  it("cron publishing reads and writes through a primary session", async () => {
    const { db, starts } = recordingDb();
    const ctx = createExecutionContext();
    await scheduled(createScheduledController({ scheduledTime: Date.now() }), { ...env, DB: db }, ctx);
    await waitOnExecutionContext(ctx);
    expect(starts).toEqual(["first-primary"]);
  });
});

describe("x-d1-bookmark", () => {
  it("comes back on every write and is exposed to browsers, never on a read", async () => {
    const { secret } = await mintToken();
    const created = await jsonRequest("POST", "/api/v1/articles", secret, chineseArticle({ slug: "bm-1" }));
    expect(created.status).toBe(201);
    expect(isBookmark(created.headers.get("x-d1-bookmark") ?? "")).toBe(true);
    const { id } = (await created.json()) as { id: number };
    const patched = await jsonRequest(
      "PATCH",
      `/api/v1/articles/${id}`,
      secret,
      { title: "新标题" },
      {
        "if-match": created.headers.get("etag") ?? "",
      },
    );
    expect(patched.status).toBe(200);
    const later = patched.headers.get("x-d1-bookmark") ?? "";
    expect(isBookmark(later)).toBe(true);
    expect(later > (created.headers.get("x-d1-bookmark") ?? "")).toBe(true);
    const read = await request(`/api/v1/articles/${id}`);
    expect(read.headers.get("x-d1-bookmark")).toBeNull();
    const preflight = await request("/api/v1/articles", {
      method: "OPTIONS",
      headers: {
        origin: "https://reader.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "x-d1-bookmark",
      },
    });
    expect(preflight.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("x-d1-bookmark");
    const cors = await jsonRequest("POST", "/api/v1/articles", secret, chineseArticle({ slug: "bm-2" }), {
      origin: "https://reader.example",
    });
    expect(cors.headers.get("access-control-expose-headers")?.toLowerCase()).toContain("x-d1-bookmark");
  });

  it("refuses a malformed bookmark with a problem pointing at the header and writes nothing", async () => {
    const { secret } = await mintToken();
    const before = await dumpDatabase();
    const res = await jsonRequest("POST", "/api/v1/articles", secret, chineseArticle({ slug: "bm-bad" }), {
      "x-d1-bookmark": "first-primary",
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const body = (await res.json()) as { errors: { pointer: string }[] };
    expect(body.errors[0]?.pointer).toBe("#/headers/x-d1-bookmark");
    expect(await dumpDatabase()).toBe(before);
    expect((await request("/feed.xml", { headers: { "x-d1-bookmark": "x".repeat(60) } })).status).toBe(400);
  });

  it("a request answered from isolate memory opens no session; the first query opens one", async () => {
    // One frozen clock: the validator memo (1 s) stays warm for the whole test.
    vi.spyOn(Date, "now").mockReturnValue(Date.now());
    const warm = await request("/feed.xml");
    const etag = warm.headers.get("etag") ?? "";
    const { db, starts } = recordingDb();
    expect((await appRequest("/health", {}, { DB: db })).status).toBe(200);
    const memoized = await appRequest("/feed.xml", { headers: { "if-none-match": etag } }, { DB: db });
    expect(memoized.status).toBe(304);
    expect(starts).toEqual([]);
    const read = await appRequest("/api/v1/articles?limit=1", {}, { DB: db });
    expect(read.status).toBe(200);
    expect(starts).toEqual(["first-unconstrained"]);
  });

  it("a memoized 304 builds no drizzle client; the first query builds one", async () => {
    const { secret } = await mintToken();
    await createArticle(secret, chineseArticle({ slug: "lazy-db" }));
    vi.spyOn(Date, "now").mockReturnValue(Date.now());
    const etags = [];
    for (const path of ["/feed.xml", "/articles/lazy-db"]) {
      const warm = await request(path);
      expect(warm.status).toBe(200);
      etags.push([path, warm.headers.get("etag") ?? ""] as const);
    }
    const built = vi.spyOn(client, "createDb");
    for (const [path, etag] of etags) {
      expect((await request(path, { headers: { "if-none-match": etag } })).status).toBe(304);
    }
    expect((await request("/health")).status).toBe(200);
    expect(built).not.toHaveBeenCalled();
    expect((await request("/api/v1/articles?limit=1")).status).toBe(200);
    expect(built).toHaveBeenCalledTimes(1);
  });

  it("the desk keeps its latest bookmark in an HttpOnly cookie scoped to /desk and reads with it", async () => {
    const user = await signIn();
    const res = await request("/desk/articles", {
      method: "POST",
      redirect: "manual",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        origin: "https://news.example.com",
        cookie: user.cookie,
      },
      body: new URLSearchParams({ _csrf: user.csrf, title: "网格", body: "正文", bodyFormat: "markdown" }),
    });
    const cookies = res.headers.getSetCookie().filter((c) => c.startsWith(`${DESK_BOOKMARK_COOKIE}=`));
    expect(cookies).toHaveLength(1);
    const [cookie = ""] = cookies;
    expect(cookie).toMatch(/; Path=\/desk; HttpOnly; SameSite=Strict; /);
    const bookmark = /=([^;]*)/.exec(cookie)?.[1] ?? "";
    expect(bookmark).toBe(res.headers.get("x-d1-bookmark"));

    const { db, starts } = recordingDb();
    const page = await appRequest(
      "/desk",
      { headers: { cookie: `${user.cookie}; ${DESK_BOOKMARK_COOKIE}=${bookmark}` } },
      { DB: db },
    );
    expect(page.status).toBe(200);
    // A mangled cookie only loses read-your-writes.
    await appRequest(
      "/desk",
      { headers: { cookie: `${user.cookie}; ${DESK_BOOKMARK_COOKIE}=junk` } },
      { DB: db },
    );
    expect(starts).toEqual([bookmark, "first-unconstrained"]);
  });
});

describe("read-your-writes past the validator memo", () => {
  it("a bookmark read sees a write the warm memo does not know about yet", async () => {
    const { secret } = await mintToken();
    const article = await createArticle(secret, chineseArticle({ slug: "memo-bypass" }));
    const frozen = Date.now() + 5;
    // One frozen clock: the memo (1 s) stays warm for the whole test, however slow the machine.
    vi.spyOn(Date, "now").mockReturnValue(frozen);
    const warm = await request("/feed.xml");
    const etag = warm.headers.get("etag") ?? "";
    expect(warm.status).toBe(200);

    // Another isolate's write, which this isolate's memo cannot have seen (a new write_id, as every write).
    const elsewhere = env.DB.withSession("first-primary");
    await elsewhere.batch([
      elsewhere
        .prepare("update articles set title = ?, write_id = ? where id = ?")
        .bind("另一个隔离区的改动", crypto.randomUUID(), article.id),
      elsewhere
        .prepare("update article_scopes set public_changed_at = ? where article_id = ?")
        .bind(frozen - 1, article.id),
    ]);
    const bookmark = elsewhere.getBookmark() ?? "";

    const stale = await request("/feed.xml", { headers: { "if-none-match": etag } });
    expect(stale.status).toBe(304);
    const fresh = await request("/feed.xml", {
      headers: { "if-none-match": etag, "x-d1-bookmark": bookmark },
    });
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get("etag")).not.toBe(etag);
    expect(await fresh.text()).toContain("另一个隔离区的改动");
  });
});
