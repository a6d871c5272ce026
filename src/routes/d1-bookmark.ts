import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import { createDb, lazyDb } from "../db/client";
import { BOOKMARK_HEADER, isBookmark, lazySession, sessionStart } from "../db/d1-session";
import type { AppEnv } from "../env";
import { problem } from "../lib/problem";
import type { SiteConfig } from "../lib/site";

const READ_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
/** The desk's latest write, so its next pages read at least that state (a cookie costs no D1 write). */
export const DESK_BOOKMARK_COOKIE = "desk_d1_bookmark";

/**
 * Opens the request's D1 session (see db/d1-session.ts) and its drizzle client on its first query: sets `db` and
 * `bypassValidatorMemo`. Returns what the app shell runs after the handler of a write (null on a
 * read): the session's bookmark in `x-d1-bookmark` always, and in a /desk-scoped cookie for the desk.
 */
export function startD1Session(c: Context<AppEnv>): ((c: Context<AppEnv>) => void) | null {
  const path = c.req.path;
  const desk = path === "/desk" || path.startsWith("/desk/");
  const bookmark = requestBookmark(c, desk);
  const writes = !READ_METHODS.has(c.req.method);
  const session = lazySession(c.get("d1"), sessionStart({ bookmark, writes }));
  c.set(
    "db",
    lazyDb(() => createDb(session)),
  );
  // Read-your-writes: a memoized validator may predate the write the bookmark stands for.
  c.set("bypassValidatorMemo", bookmark !== null);
  if (!writes) return null;
  return (done) => {
    const latest = session.getBookmark();
    if (latest === null) return;
    done.header(BOOKMARK_HEADER, latest);
    if (desk) done.header("set-cookie", deskBookmarkCookie(done.get("site"), latest), { append: true });
  };
}

function requestBookmark(c: Context<AppEnv>, desk: boolean): string | null {
  const sent = c.req.header(BOOKMARK_HEADER);
  if (sent !== undefined) {
    if (isBookmark(sent)) return sent;
    throw problem({
      status: 400,
      type: "bad-request",
      title: "Invalid D1 bookmark",
      detail: `${BOOKMARK_HEADER} must be a bookmark an earlier write returned, sent back unchanged.`,
      errors: [{ pointer: `#/headers/${BOOKMARK_HEADER}`, detail: "is not a D1 bookmark" }],
    });
  }
  if (!desk) return null;
  // The cookie is ours; a mangled one only loses read-your-writes, so it is ignored.
  const kept = getCookie(c, DESK_BOOKMARK_COOKIE);
  return kept !== undefined && isBookmark(kept) ? kept : null;
}

function deskBookmarkCookie(site: SiteConfig, bookmark: string): string {
  const secure = site.url.startsWith("https:") ? "; Secure" : "";
  // A bookmark only has to outlive the replication lag; an hour covers any editing session's pause.
  return `${DESK_BOOKMARK_COOKIE}=${bookmark}; Path=/desk; HttpOnly; SameSite=Strict; Max-Age=3600${secure}`;
}
