// Measurement entry (scripts/bundle-report.mjs, docs/scaling.md "Bundle split"): the read-only Worker of the
// planned split. Same middleware as src/app.ts, only the public read routes; anything else would go to the
// editor Worker through a service binding. Not deployed: it exists so the split's size is measured, not guessed.
import { Hono } from "hono";
import { countRowsRead, withRowsReadHeader } from "../../../src/db/rows-read";
import type { AppEnv } from "../../../src/env";
import { ProblemError, renderProblem } from "../../../src/lib/problem";
import { siteFromEnv } from "../../../src/lib/site";
import { articlesRead } from "../../../src/routes/api/articles-read";
import { assetRoutes } from "../../../src/routes/assets";
import { canonicalPercentEncoding } from "../../../src/routes/canonical-path";
import { d1Session } from "../../../src/routes/d1-bookmark";
import { publicPreview } from "../../../src/routes/desk/preview-public";
import { feedRoutes } from "../../../src/routes/feeds";
import { htmlSecurityHeaders } from "../../../src/routes/html-response";
import { indieauthMetadataRoutes } from "../../../src/routes/indieauth/metadata";
import { mediaFiles } from "../../../src/routes/media";
import { pageRoutes } from "../../../src/routes/pages";
import { problemDocs } from "../../../src/routes/problem-docs";
import { sitemapRoutes } from "../../../src/routes/sitemaps";

type ReadEnv = AppEnv & { Bindings: AppEnv["Bindings"] & { EDITOR: Fetcher } };

const app = new Hono<ReadEnv>();
app.use(async (c, next) => {
  const counted = c.env.BENCH_REPORT_D1_ROWS === "1" ? countRowsRead(c.env.DB) : null;
  c.set("d1", counted?.d1 ?? c.env.DB);
  c.set("site", siteFromEnv(c.env));
  c.set("now", Date.now());
  await next();
  if (counted) c.res = withRowsReadHeader(c.res, counted.rowsRead());
});
// Writes, the desk, Micropub, IndieAuth's endpoints, /api docs: the editor Worker answers, unchanged.
app.use(async (c, next) => {
  if (c.req.method !== "GET" && c.req.method !== "HEAD") return c.env.EDITOR.fetch(c.req.raw);
  await next();
  return undefined;
});
app.use(htmlSecurityHeaders);
app.use(d1Session);
app.use(canonicalPercentEncoding);
app.get("/health", (c) => c.json({ ok: true }));
app.route("/api/v1/articles", articlesRead);
app.route("/problems", problemDocs);
app.route("/media", mediaFiles);
app.route("/preview", publicPreview);
app.route("/", indieauthMetadataRoutes);
app.route("/", feedRoutes);
app.route("/", pageRoutes);
app.route("/", sitemapRoutes);
app.route("/", assetRoutes);
app.notFound((c) => c.env.EDITOR.fetch(c.req.raw));
app.onError((err, c) =>
  err instanceof ProblemError
    ? renderProblem(c, err.init)
    : renderProblem(c, { status: 500, title: "Internal error" }),
);

export default { fetch: app.fetch } satisfies ExportedHandler<ReadEnv["Bindings"]>;
