import { Hono, type NotFoundHandler } from "hono";
import { cors } from "hono/cors";
import { HTTPException } from "hono/http-exception";
import { refuseTokenInQuery } from "../auth/middleware";
import { countRowsRead, withRowsReadHeader } from "../db/rows-read";
import type { AppEnv } from "../env";
import { ProblemError, renderProblem } from "../lib/problem";
import { siteFromEnv } from "../lib/site";
import { percentEncodingRedirect } from "./canonical-path";
import { startD1Session } from "./d1-bookmark";
import { addHtmlSecurityHeaders } from "./html-response";

export type App = Hono<AppEnv>;
export type RouteMount = (app: App) => void;

/**
 * One Hono app: the middleware every request passes, then `mounts` in order, then `notFound` and the
 * error mapping. The complete Worker (src/app.ts) and the read Worker (src/read-worker.ts) are both
 * built here, so their middleware and error answers cannot drift apart.
 */
export function createAppShell(mounts: RouteMount[], notFound: NotFoundHandler<AppEnv>): App {
  const app = new Hono<AppEnv>();

  // The shell's middleware is two functions around CORS rather than one per concern: every layer of
  // hono's composition costs each request a dispatch and a promise, a memoized 304 included.
  app.use(async (c, next) => {
    const counted = c.env.BENCH_REPORT_D1_ROWS === "1" ? countRowsRead(c.env.DB) : null;
    c.set("d1", counted?.d1 ?? c.env.DB);
    c.set("site", siteFromEnv(c.env));
    c.set("now", Date.now());
    await next();
    addHtmlSecurityHeaders(c.res);
    if (counted) c.res = withRowsReadHeader(c.res, counted.rowsRead());
  });

  app.use(
    "/api/*",
    cors({
      origin: "*",
      allowHeaders: [
        "Authorization",
        "Content-Type",
        "If-Match",
        "If-None-Match",
        "Idempotency-Key",
        "X-D1-Bookmark",
      ],
      allowMethods: ["GET", "HEAD", "POST", "PATCH", "DELETE", "OPTIONS"],
      exposeHeaders: ["ETag", "Location", "Link", "Idempotent-Replayed", "Retry-After", "X-D1-Bookmark"],
      maxAge: 86400,
    }),
  );
  // The D1 session, then tokens in the query (400), then non-normal percent-escapes (301).
  app.use(async (c, next) => {
    const afterWrite = startD1Session(c);
    refuseTokenInQuery(c.req.url);
    const redirect = percentEncodingRedirect(c);
    if (redirect) return redirect;
    await next();
    afterWrite?.(c);
    return undefined;
  });

  for (const mount of mounts) mount(app);

  app.notFound(notFound);

  app.onError((err, c) => {
    if (err instanceof ProblemError) return renderProblem(c, err.init);
    if (err instanceof HTTPException) {
      // bearerAuth and bodyLimit throw ready responses; keep their headers (WWW-Authenticate).
      return err.res ?? renderProblem(c, { status: err.status, title: err.message || "Request failed" });
    }
    if (isDatabaseUnavailable(err)) {
      console.error(JSON.stringify({ event: "d1.error", path: c.req.path, error: String(err) }));
      return renderProblem(c, {
        status: 503,
        type: "service-unavailable",
        title: "Storage temporarily unavailable",
        detail: "Nothing was written. Retry shortly.",
        headers: { "retry-after": "5" },
      });
    }
    console.error(
      JSON.stringify({
        event: "unhandled",
        path: c.req.path,
        error: String(err),
        stack: (err as Error)?.stack,
      }),
    );
    return renderProblem(c, { status: 500, title: "Internal error", detail: "The error was logged." });
  });

  return app;
}

function isDatabaseUnavailable(err: unknown): boolean {
  const message = err instanceof Error ? `${err.message} ${String(err.cause ?? "")}` : "";
  // Transient storage failures only; constraint or SQL errors are bugs and stay 500s.
  return /SQLITE_BUSY|database is locked|Network connection lost|storage operation|overloaded|D1 DB .*(reset|unavailable)|timed? ?out/i.test(
    message,
  );
}
